package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.Optional;

/**
 * A job and its escrow.
 *
 * @param id the hash of the transaction that submitted it
 * @param attempts leases made so far
 * @param usageMillis compute time receipted by the current lease's provider
 */
public record Job(
        Hash id,
        Address tenant,
        JobSpec spec,
        long escrow,
        JobStatus status,
        int attempts,
        Optional<Lease> lease,
        long usageMillis,
        Optional<Hash> resultHash,
        Optional<Settlement> settlement,
        long submittedAtHeight) {

    public static Job submitted(Hash id, Address tenant, JobSpec spec, long escrow, long height) {
        return new Job(id, tenant, spec, escrow, JobStatus.QUEUED, 0, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), height);
    }

    public Job leasedTo(Lease newLease) {
        return new Job(id, tenant, spec, escrow, JobStatus.LEASED, newLease.attempt(), Optional.of(newLease), 0,
                Optional.empty(), Optional.empty(), submittedAtHeight);
    }

    /** The lease is gone and so is its unfinished work: the job queues again, unless it has run out of attempts. */
    public Job released(boolean failed) {
        return new Job(id, tenant, spec, escrow, failed ? JobStatus.FAILED : JobStatus.QUEUED, attempts, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), submittedAtHeight);
    }

    public Job withUsage(long millis) {
        return new Job(id, tenant, spec, escrow, status, attempts, lease, millis, resultHash, settlement, submittedAtHeight);
    }

    public Job completed(Hash result) {
        return new Job(id, tenant, spec, escrow, JobStatus.COMPLETED, attempts, lease, usageMillis,
                Optional.of(result), settlement, submittedAtHeight);
    }

    public Job settled(Settlement outcome) {
        return new Job(id, tenant, spec, escrow, JobStatus.SETTLED, attempts, lease, usageMillis, resultHash,
                Optional.of(outcome), submittedAtHeight);
    }

    public Job cancelled() {
        return new Job(id, tenant, spec, escrow, JobStatus.CANCELLED, attempts, lease, usageMillis, resultHash,
                settlement, submittedAtHeight);
    }

    public boolean isLeasedTo(Address provider, int attempt) {
        return status == JobStatus.LEASED
                && lease.map(l -> l.provider().equals(provider) && l.attempt() == attempt).orElse(false);
    }
}
