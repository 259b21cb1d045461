package dev.gridmint.core.tx;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.NetworkParams;
import java.util.List;

/**
 * What a transaction asks the ledger to do. Each variant names who may sign it; the state
 * transition enforces that.
 */
public sealed interface TxPayload {

    /** The first entry of every log: creates the supply and names the treasury and coordinator. */
    record Genesis(Address treasury, Address coordinator, NetworkParams params, List<Allocation> allocations)
            implements TxPayload {
        public Genesis {
            if (allocations.size() > dev.gridmint.core.state.Limits.MAX_ALLOCATIONS) {
                throw new IllegalArgumentException("a genesis has at most " + dev.gridmint.core.state.Limits.MAX_ALLOCATIONS + " allocations");
            }
            allocations = List.copyOf(allocations);
        }
    }

    record Allocation(Address account, long amount) {}

    /** Moves tokens from the signer to another account. */
    record Transfer(Address to, long amount) implements TxPayload {}

    /** The signer becomes a provider, offering the hardware it discovered at its price. */
    record RegisterProvider(HardwareOffer offer) implements TxPayload {}

    /** A tenant orders a job and locks its escrow; the job id is this transaction's hash. */
    record SubmitJob(JobSpec spec, long escrow) implements TxPayload {}

    /** The coordinator leases a queued job to a provider. */
    record AssignLease(Hash jobId, Address provider) implements TxPayload {}

    /** The coordinator takes a lease back (its provider was lost); the job queues again or fails. */
    record ReleaseLease(Hash jobId, int attempt, String reason) implements TxPayload {}

    /** The leased provider reports the compute time used so far; receipts only ever grow. */
    record UsageReceipt(Hash jobId, int attempt, long usageMillis) implements TxPayload {}

    /** The leased provider reports the job done, with the hash of what it produced. */
    record CompleteJob(Hash jobId, int attempt, Hash resultHash) implements TxPayload {}

    /** The coordinator settles a completed job: provider paid, fee to treasury, rest refunded. */
    record SettleJob(Hash jobId) implements TxPayload {}

    /** The tenant withdraws a job that no provider holds, and gets the escrow back. */
    record CancelJob(Hash jobId) implements TxPayload {}
}
