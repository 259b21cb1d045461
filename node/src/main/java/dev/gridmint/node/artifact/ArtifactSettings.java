package dev.gridmint.node.artifact;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a coordinator keeps artifacts and what it accepts.
 *
 * @param dir the directory of blobs and their metadata
 * @param maxBytes the largest single artifact
 * @param retention what is kept, for how long
 * @param sweepEvery how often the retention sweeper runs
 */
public record ArtifactSettings(Path dir, long maxBytes, RetentionPolicy retention, Duration sweepEvery) {

    public static final long DEFAULT_MAX_BYTES = 512L << 20;
    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofMinutes(10);

    public ArtifactSettings {
        if (maxBytes <= 0 || sweepEvery.isNegative() || sweepEvery.isZero()) {
            throw new IllegalArgumentException("the artifact size limit and the sweep interval must be positive");
        }
    }

    public static ArtifactSettings defaults(Path dir) {
        return new ArtifactSettings(dir, DEFAULT_MAX_BYTES, RetentionPolicy.DEFAULT, DEFAULT_SWEEP_EVERY);
    }

    public ArtifactSettings withMaxBytes(long bytes) {
        return new ArtifactSettings(dir, bytes, retention, sweepEvery);
    }

    public ArtifactSettings withRetention(RetentionPolicy policy) {
        return new ArtifactSettings(dir, maxBytes, policy, sweepEvery);
    }
}
