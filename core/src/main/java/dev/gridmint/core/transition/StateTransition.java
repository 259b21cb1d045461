package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.VerifiedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.Optional;

/**
 * The ledger's rules: {@code apply(state, tx)} is a pure function. It reads no clock, no
 * randomness and no I/O, so replaying a log anywhere gives the same states. A refused
 * transaction changes nothing, not even the signer's nonce.
 */
public final class StateTransition {

    private StateTransition() {}

    /** Checks the signature, then applies: safe on its own, for any transaction. */
    public static ApplyResult apply(LedgerState state, SignedTx tx) {
        return VerifiedTx.verify(tx).map(verified -> applyVerified(state, verified)).orElseGet(StateTransition::badSignature);
    }

    /** The refusal of a transaction whose signature does not check, for callers that verified it themselves. */
    public static ApplyResult badSignature() {
        return reject(TxError.BAD_SIGNATURE, "the signature does not match the transaction and its signer");
    }

    /**
     * Applies a transaction whose signature is already checked: a {@link VerifiedTx} exists only
     * once its check passed, so the result is the same as {@link #apply} without the check again.
     */
    public static ApplyResult applyVerified(LedgerState state, VerifiedTx verified) {
        SignedTx tx = verified.tx();
        if (tx.payload() instanceof Genesis genesis) {
            return applyGenesis(state, tx, genesis);
        }
        if (state.network().isEmpty()) {
            return reject(TxError.NO_GENESIS, "the ledger has no genesis yet");
        }
        NetworkConfig network = state.network().get();
        if (!network.networkId().equals(tx.networkId())) {
            return reject(TxError.WRONG_NETWORK, "signed for network '" + tx.networkId() + "', this is '" + network.networkId() + "'");
        }
        long expectedNonce = state.account(tx.signer()).nonce() + 1;
        if (tx.nonce() != expectedNonce) {
            return reject(TxError.BAD_NONCE, "nonce " + tx.nonce() + " is not the next one, " + expectedNonce);
        }
        LedgerState bumped = state.withAccount(tx.signer(), state.account(tx.signer()).nextNonce());
        var context = new Context(bumped, network, tx.signer(), tx);
        ApplyResult result = switch (tx.payload()) {
            case Genesis ignored -> throw new IllegalStateException("genesis is handled above");
            case Transfer transfer -> transfer(context, transfer);
            case RegisterProvider register -> register(context, register);
            case SubmitJob submit -> submit(context, submit);
            case AssignLease assign -> assign(context, assign);
            case ReleaseLease release -> release(context, release);
            case UsageReceipt receipt -> receipt(context, receipt);
            case CompleteJob complete -> complete(context, complete);
            case SettleJob settle -> settle(context, settle);
            case CancelJob cancel -> cancel(context, cancel);
        };
        return switch (result) {
            case Applied applied -> new Applied(applied.state().nextHeight());
            case Rejected rejected -> rejected;
        };
    }

    /** What every handler needs: the state with the nonce already taken, and who signed. */
    private record Context(LedgerState state, NetworkConfig network, Address signer, SignedTx tx) {
        boolean signedByCoordinator() {
            return signer.equals(network.coordinator());
        }
    }

    private static ApplyResult applyGenesis(LedgerState state, SignedTx tx, Genesis genesis) {
        if (state.network().isPresent() || state.height() != 0) {
            return reject(TxError.GENESIS_ALREADY_APPLIED, "this ledger already has a genesis");
        }
        if (tx.nonce() != 1) {
            return reject(TxError.BAD_NONCE, "genesis carries nonce 1");
        }
        if (tx.networkId().isBlank()) {
            return reject(TxError.MALFORMED, "the network id must not be blank");
        }
        LedgerState next = state;
        long minted = 0;
        for (Allocation allocation : genesis.allocations()) {
            if (allocation.amount() <= 0) {
                return reject(TxError.INVALID_AMOUNT, "genesis allocations must be positive");
            }
            try {
                minted = Math.addExact(minted, allocation.amount());
                next = next.credit(allocation.account(), allocation.amount());
            } catch (ArithmeticException overflow) {
                return reject(TxError.SUPPLY_OVERFLOW, "genesis allocations exceed the largest supply");
            }
        }
        var config = new NetworkConfig(tx.networkId(), genesis.treasury(), genesis.coordinator(), genesis.params());
        next = next.withGenesis(config, minted);
        next = next.withAccount(tx.signer(), next.account(tx.signer()).nextNonce());
        return new Applied(next.nextHeight());
    }

    private static ApplyResult transfer(Context c, Transfer transfer) {
        if (transfer.amount() <= 0) {
            return reject(TxError.INVALID_AMOUNT, "a transfer moves a positive amount");
        }
        if (c.state().account(c.signer()).balance() < transfer.amount()) {
            return insufficientFunds(c, transfer.amount());
        }
        return new Applied(c.state().debit(c.signer(), transfer.amount()).credit(transfer.to(), transfer.amount()));
    }

    private static ApplyResult register(Context c, RegisterProvider register) {
        long registeredAt = c.state().provider(c.signer())
                .map(Provider::registeredAtHeight)
                .orElse(c.state().height() + 1);
        return new Applied(c.state().withProvider(new Provider(c.signer(), register.offer(), registeredAt)));
    }

    private static ApplyResult submit(Context c, SubmitJob submit) {
        long worstCase = submit.spec().worstCaseCost();
        if (submit.escrow() < worstCase) {
            return reject(TxError.ESCROW_TOO_LOW,
                    "escrow " + submit.escrow() + " does not cover the worst case of " + worstCase
                            + " (max price x devices x max seconds)");
        }
        if (c.state().account(c.signer()).balance() < submit.escrow()) {
            return insufficientFunds(c, submit.escrow());
        }
        Job job = Job.submitted(c.tx().hash(), c.signer(), submit.spec(), submit.escrow(), c.state().height() + 1);
        return new Applied(c.state().debit(c.signer(), submit.escrow()).withJob(job));
    }

    private static ApplyResult assign(Context c, AssignLease assign) {
        if (!c.signedByCoordinator()) {
            return reject(TxError.UNAUTHORIZED, "only the coordinator assigns leases");
        }
        Optional<Job> found = c.state().job(assign.jobId());
        if (found.isEmpty()) {
            return unknownJob(assign.jobId());
        }
        Job job = found.get();
        if (job.status() != JobStatus.QUEUED) {
            return wrongState(job, "assigned");
        }
        Optional<Provider> provider = c.state().provider(assign.provider());
        if (provider.isEmpty()) {
            return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + assign.provider());
        }
        var offer = provider.get().offer();
        if (offer.pricePerDeviceHour() > job.spec().maxPricePerDeviceHour() || offer.deviceCount() < job.spec().devices()) {
            return reject(TxError.OFFER_MISMATCH, "the provider's offer does not meet the job's price or device count");
        }
        var lease = new Lease(assign.provider(), job.attempts() + 1, offer.pricePerDeviceHour(), c.state().height() + 1);
        return new Applied(c.state().withJob(job.leasedTo(lease)));
    }

    private static ApplyResult release(Context c, ReleaseLease release) {
        if (!c.signedByCoordinator()) {
            return reject(TxError.UNAUTHORIZED, "only the coordinator releases leases");
        }
        Optional<Job> found = c.state().job(release.jobId());
        if (found.isEmpty()) {
            return unknownJob(release.jobId());
        }
        Job job = found.get();
        if (job.status() != JobStatus.LEASED || job.attempts() != release.attempt()) {
            return wrongState(job, "released at attempt " + release.attempt());
        }
        boolean outOfAttempts = job.attempts() >= c.network().params().maxJobAttempts();
        LedgerState next = c.state().withJob(job.released(outOfAttempts));
        if (outOfAttempts) {
            next = next.credit(job.tenant(), job.escrow());
        }
        return new Applied(next);
    }

    private static ApplyResult receipt(Context c, UsageReceipt receipt) {
        Optional<Job> found = c.state().job(receipt.jobId());
        if (found.isEmpty()) {
            return unknownJob(receipt.jobId());
        }
        Job job = found.get();
        if (!job.isLeasedTo(c.signer(), receipt.attempt())) {
            return notLeaseHolder(job);
        }
        if (receipt.usageMillis() < job.usageMillis()) {
            return reject(TxError.INVALID_USAGE, "usage receipts only grow: " + receipt.usageMillis() + " < " + job.usageMillis());
        }
        long limit = job.spec().maxSeconds() * 1000;
        if (receipt.usageMillis() > limit) {
            return reject(TxError.INVALID_USAGE, "usage " + receipt.usageMillis() + " ms exceeds the job's limit of " + limit + " ms");
        }
        return new Applied(c.state().withJob(job.withUsage(receipt.usageMillis())));
    }

    private static ApplyResult complete(Context c, CompleteJob complete) {
        Optional<Job> found = c.state().job(complete.jobId());
        if (found.isEmpty()) {
            return unknownJob(complete.jobId());
        }
        Job job = found.get();
        if (!job.isLeasedTo(c.signer(), complete.attempt())) {
            return notLeaseHolder(job);
        }
        return new Applied(c.state().withJob(job.completed(complete.resultHash())));
    }

    /**
     * Divides the escrow: the usage at the lease's price (capped at the escrow) is charged, the
     * fee goes to the treasury, the provider gets the rest of the charge, the tenant the rest
     * of the escrow.
     */
    private static ApplyResult settle(Context c, SettleJob settle) {
        if (!c.signedByCoordinator()) {
            return reject(TxError.UNAUTHORIZED, "only the coordinator settles jobs");
        }
        Optional<Job> found = c.state().job(settle.jobId());
        if (found.isEmpty()) {
            return unknownJob(settle.jobId());
        }
        Job job = found.get();
        if (job.status() != JobStatus.COMPLETED) {
            return wrongState(job, "settled");
        }
        Lease lease = job.lease().orElseThrow();
        long charged = Math.min(job.escrow(), Pricing.charge(lease.pricePerDeviceHour(), job.spec().devices(), job.usageMillis()));
        long fee = Pricing.fee(charged, c.network().params().protocolFeeBps());
        var outcome = new Settlement(charged, charged - fee, fee, job.escrow() - charged);
        LedgerState next = c.state()
                .withJob(job.settled(outcome))
                .credit(lease.provider(), outcome.providerPaid())
                .credit(c.network().treasury(), outcome.fee())
                .credit(job.tenant(), outcome.refunded());
        return new Applied(next);
    }

    private static ApplyResult cancel(Context c, CancelJob cancel) {
        Optional<Job> found = c.state().job(cancel.jobId());
        if (found.isEmpty()) {
            return unknownJob(cancel.jobId());
        }
        Job job = found.get();
        if (!job.tenant().equals(c.signer())) {
            return reject(TxError.UNAUTHORIZED, "only the job's tenant cancels it");
        }
        if (job.status() != JobStatus.QUEUED) {
            return wrongState(job, "cancelled");
        }
        return new Applied(c.state().withJob(job.cancelled()).credit(job.tenant(), job.escrow()));
    }

    private static ApplyResult insufficientFunds(Context c, long needed) {
        return reject(TxError.INSUFFICIENT_FUNDS,
                "balance " + c.state().account(c.signer()).balance() + " is less than " + needed);
    }

    private static ApplyResult unknownJob(Hash id) {
        return reject(TxError.UNKNOWN_JOB, "no job " + id);
    }

    private static ApplyResult wrongState(Job job, String action) {
        return reject(TxError.INVALID_JOB_STATE, "job " + job.id().shortHex() + " is " + job.status() + " and cannot be " + action);
    }

    private static ApplyResult notLeaseHolder(Job job) {
        return reject(TxError.NOT_LEASE_HOLDER, "the signer does not hold the current lease of job " + job.id().shortHex());
    }
}
