package dev.gridmint.node.artifact;

import java.util.List;
import java.util.Optional;

/**
 * A stored blob and every filing of it: the same bytes uploaded for two jobs, or under two names,
 * are stored once and filed twice.
 *
 * @param sha256 lowercase hex of the content's SHA-256
 * @param size the content's length in bytes
 * @param entries who filed it, for which job, as what
 */
public record Artifact(String sha256, long size, List<Entry> entries) {

    public Artifact {
        entries = List.copyOf(entries);
    }

    /**
     * One filing of an artifact.
     *
     * @param uploader the signer's address
     * @param jobId the job it belongs to, or null for a free-standing upload
     * @param createdAt coordinator time of the first upload, epoch seconds
     * @param jobEndedAt coordinator time the sweeper first saw the job ended, epoch seconds; null before
     */
    public record Entry(String uploader, String jobId, ArtifactKind kind, String name, long createdAt, Long jobEndedAt) {

        /** The same filing: an upload that repeats it changes nothing. */
        boolean sameFiling(Entry other) {
            return uploader.equals(other.uploader) && java.util.Objects.equals(jobId, other.jobId) && kind == other.kind
                    && name.equals(other.name);
        }

        Entry endedAt(long seconds) {
            return new Entry(uploader, jobId, kind, name, createdAt, seconds);
        }

        public Optional<String> job() {
            return Optional.ofNullable(jobId);
        }
    }

    boolean filedBy(String uploader) {
        return entries.stream().anyMatch(entry -> entry.uploader().equals(uploader));
    }

    Artifact withEntries(List<Entry> newEntries) {
        return new Artifact(sha256, size, newEntries);
    }
}
