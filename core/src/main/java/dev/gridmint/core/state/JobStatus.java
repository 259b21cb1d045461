package dev.gridmint.core.state;

/**
 * Where a job is in its life. Escrow is held while the job is queued, leased or completed,
 * and released exactly once, by settling, cancelling or failing.
 */
public enum JobStatus {
    QUEUED, LEASED, COMPLETED, SETTLED, CANCELLED, FAILED;

    public boolean holdsEscrow() {
        return this == QUEUED || this == LEASED || this == COMPLETED;
    }
}
