package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.InferenceCharge;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Settles the gateway's metered inference: a coordinator-signed batch moves each entry's credits from its payer
 * to the provider that served it, billed as a lease is ({@link LeaseRules#pay}: credits burned, GRID paid out of
 * the vault, the protocol fee to the treasury). A batch is all or nothing: one entry the ledger cannot pay refuses
 * the whole batch and changes nothing, so no balance ever goes negative and the coordinator, which checks its
 * batch against the state before signing it, learns of the entry by its code.
 */
public final class InferenceRules {

    /**
     * Where the ledger counts settled batches: the nonce of an account whose address is a hash, which no one holds
     * a key for. It lives in the accounts table, so the state root and snapshots cover it, and a ledger that never
     * settled inference has no such entry and keeps the roots it had.
     */
    public static final Address BATCH_COUNTER = new Address(
            Hash.sha256("gridmint/inference-batches".getBytes(StandardCharsets.UTF_8)).bytes());

    /** Entries are in this order, with no two the same, so a batch has one encoding. */
    public static final Comparator<InferenceCharge> ORDER = Comparator.comparing(InferenceCharge::payer)
            .thenComparing(InferenceCharge::provider).thenComparing(InferenceCharge::model);

    private InferenceRules() {}

    /** The last batch the ledger settled; 0 when none was. The next must be this + 1. */
    public static long lastBatch(LedgerState state) {
        return state.account(BATCH_COUNTER).nonce();
    }

    static ApplyResult settle(Context c, SettleInference settle) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("settles inference");
        }
        long expected = lastBatch(c.state()) + 1;
        if (settle.batch() != expected) {
            return reject(TxError.BATCH_OUT_OF_ORDER, "batch " + settle.batch() + " is not the next one, " + expected
                    + (settle.batch() < expected ? " (it was settled already)" : ""));
        }
        LedgerState next = c.state();
        InferenceCharge previous = null;
        for (InferenceCharge entry : settle.entries()) {
            if (previous != null && ORDER.compare(previous, entry) >= 0) {
                return reject(TxError.MALFORMED, "entries must be sorted by payer, provider and model, without repeats");
            }
            previous = entry;
            if (entry.credits() <= 0 || entry.credits() > InferenceCharge.MAX_CREDITS
                    || entry.promptTokens() > InferenceCharge.MAX_TOKENS || entry.completionTokens() > InferenceCharge.MAX_TOKENS) {
                return reject(TxError.INVALID_AMOUNT, "an entry charges 1.." + InferenceCharge.MAX_CREDITS
                        + " micro-CC for at most " + InferenceCharge.MAX_TOKENS + " tokens each way");
            }
            if (entry.model().isBlank()) {
                return reject(TxError.MALFORMED, "an entry names its model");
            }
            if (next.provider(entry.provider()).isEmpty()) {
                return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + entry.provider());
            }
            Account payer = next.account(entry.payer());
            if (payer.credits() < entry.credits()) {
                return Refusals.insufficientFunds(payer.credits(), entry.credits(), "credits of " + entry.payer());
            }
            next = next.withAccount(entry.payer(), payer.withCredits(payer.credits() - entry.credits()));
            long fee = Pricing.fee(entry.credits(), c.params().credits().protocolFeeBps());
            next = LeaseRules.pay(next, c.network(), entry.provider(), entry.credits(), fee);
        }
        Account counter = next.account(BATCH_COUNTER);
        return new Applied(next.withAccount(BATCH_COUNTER, counter.nextNonce()));
    }
}
