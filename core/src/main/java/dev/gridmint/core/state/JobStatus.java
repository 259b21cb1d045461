package dev.gridmint.core.state;

/**
 * Where a job is in its life. Escrow is held while the job is queued, leased or completed,
 * and released exactly once: by settling, cancelling, failing, or running dry (overdrawn).
 */
public enum JobStatus {
    QUEUED, LEASED, COMPLETED, SETTLED, CANCELLED, FAILED, OVERDRAWN;

    public boolean holdsEscrow() {
        return this == QUEUED || this == LEASED || this == COMPLETED;
    }
}
