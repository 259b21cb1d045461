package dev.gridmint.node.artifact;

import java.time.Duration;

/**
 * How long artifacts stay and how much each uploader may keep.
 *
 * @param afterJobEnds how long a job's artifacts stay once the job has ended (settled, cancelled, failed)
 * @param unreferenced how long an upload that names no job (or a job the ledger does not know) stays
 * @param quotaBytes the most bytes one uploader may hold at once, each artifact counted once
 */
public record RetentionPolicy(Duration afterJobEnds, Duration unreferenced, long quotaBytes) {

    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(7), Duration.ofHours(24), 10L << 30);

    public RetentionPolicy {
        if (afterJobEnds.isNegative() || unreferenced.isNegative() || quotaBytes <= 0) {
            throw new IllegalArgumentException("retention periods must not be negative and the quota must be positive");
        }
    }
}
