package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import java.util.function.Supplier;

/**
 * The one question the mounted round service asks the ledger: does provider P hold a live lease on job J?
 * Only such a provider may join a job's training session or upload to it. Today a job has at most one lease;
 * gang jobs (one job, N member leases) answer it from their members instead, behind this same interface.
 */
@FunctionalInterface
public interface JobLeases {

    boolean holdsLiveLease(Address provider, Hash job);

    /** The ledger's answer: the job is leased, and its current lease is {@code provider}'s. */
    static JobLeases ofLedger(Supplier<LedgerState> ledger) {
        return (provider, job) -> ledger.get().job(job)
                .filter(j -> j.status() == JobStatus.LEASED)
                .flatMap(Job::lease)
                .map(lease -> lease.provider().equals(provider))
                .orElse(false);
    }
}
