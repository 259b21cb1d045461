package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import java.util.function.Supplier;

/**
 * The one question the mounted round service asks the ledger: does provider P hold a live lease on job J?
 * Only such a provider may join a job's training session or upload to it. A plain job has at most one lease; a
 * gang (one job, N member leases) answers it from its members: each member's provider may join, as one worker.
 */
@FunctionalInterface
public interface JobLeases {

    boolean holdsLiveLease(Address provider, Hash job);

    /** The ledger's answer: the job is leased, and one of its running leases (its own, or a gang member's) is {@code provider}'s. */
    static JobLeases ofLedger(Supplier<LedgerState> ledger) {
        return (provider, job) -> ledger.get().job(job)
                .map(j -> j.runningLeases().stream().anyMatch(lease -> lease.provider().equals(provider)))
                .orElse(false);
    }
}
