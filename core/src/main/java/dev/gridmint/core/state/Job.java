package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.Optional;

/**
 * A job and its escrow of compute credits.
 *
 * @param id the hash of the transaction that submitted it
 * @param escrow micro-CC left in escrow
 * @param deposited micro-CC ever deposited: at submission and by top-ups
 * @param charged micro-CC billed so far, over all leases; {@code escrow + charged <= deposited}
 * @param fees the protocol's part of {@code charged}
 * @param attempts leases made so far
 * @param usageMillis compute time receipted by the current lease's provider
 */
public record Job(
        Hash id,
        Address tenant,
        JobSpec spec,
        long escrow,
        long deposited,
        long charged,
        long fees,
        JobStatus status,
        int attempts,
        Optional<Lease> lease,
        long usageMillis,
        Optional<Hash> resultHash,
        Optional<Settlement> settlement,
        long submittedAtHeight) {

    public Job {
        Checks.nonNegative(escrow, "escrow");
        Checks.nonNegative(charged, "charged");
        if (fees < 0 || fees > charged) {
            throw new IllegalArgumentException("fees must be within the charges");
        }
        if (Math.addExact(escrow, charged) > deposited) {
            throw new IllegalArgumentException("escrow and charges exceed the deposits");
        }
    }

    public static Job submitted(Hash id, Address tenant, JobSpec spec, long escrow, long height) {
        return new Job(id, tenant, spec, escrow, escrow, 0, 0, JobStatus.QUEUED, 0, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), height);
    }

    public Job leasedTo(Lease newLease) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, JobStatus.LEASED, newLease.attempt(),
                Optional.of(newLease), 0, Optional.empty(), Optional.empty(), submittedAtHeight);
    }

    /** The lease is gone and so is its unfinished work: the job queues again, unless it has run out of attempts. */
    public Job released(boolean failed) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, failed ? JobStatus.FAILED : JobStatus.QUEUED,
                attempts, Optional.empty(), 0, Optional.empty(), Optional.empty(), submittedAtHeight);
    }

    public Job withUsage(long millis) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, status, attempts, lease, millis, resultHash,
                settlement, submittedAtHeight);
    }

    public Job completed(Hash result) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, JobStatus.COMPLETED, attempts, lease, usageMillis,
                Optional.of(result), settlement, submittedAtHeight);
    }

    /** {@code amount} of the escrow was billed to the lease, which is now settled to {@code lease}. */
    public Job billed(long amount, long fee, Lease settledLease) {
        return new Job(id, tenant, spec, Math.subtractExact(escrow, amount), deposited, Math.addExact(charged, amount),
                Math.addExact(fees, fee), status, attempts, Optional.of(settledLease), usageMillis, resultHash, settlement, submittedAtHeight);
    }

    /** Credits put back into escrow: a top-up by the tenant, or a refund for downtime already billed. */
    public Job deposit(long amount) {
        return new Job(id, tenant, spec, Math.addExact(escrow, amount), Math.addExact(deposited, amount), charged,
                fees, status, attempts, lease, usageMillis, resultHash, settlement, submittedAtHeight);
    }

    /** The job is over: what is left in escrow goes back to the tenant, and the outcome is recorded. */
    public Job closed(JobStatus finalStatus, Settlement outcome) {
        return new Job(id, tenant, spec, 0, deposited, charged, fees, finalStatus, attempts, lease, usageMillis, resultHash,
                Optional.of(outcome), submittedAtHeight);
    }

    public boolean isLeasedTo(Address provider, int attempt) {
        return status == JobStatus.LEASED
                && lease.map(l -> l.provider().equals(provider) && l.attempt() == attempt).orElse(false);
    }
}
