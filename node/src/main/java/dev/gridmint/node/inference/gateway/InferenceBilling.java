package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's books, and their settlement through the ledger: the API keys, the usage meter, and the settler that
 * submits the meter's batches ({@link SettleInference}, signed by the coordinator) every interval and once more on
 * shutdown. Kept apart from {@link Gateway}'s request path, which only records usage and reads what a wallet owes.
 */
public final class InferenceBilling {

    public static final Duration DEFAULT_SETTLE_INTERVAL = Duration.ofSeconds(10);
    /** How often what was metered since the last save is written to disk: the most a crash can lose. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(InferenceBilling.class);

    /**
     * Submits a coordinator transaction: whether the ledger applied it, or empty when that is not known (the
     * submission timed out), in which case the batch stays in flight and is signed again next time.
     */
    public interface Submitter extends Function<TxPayload, Optional<Boolean>> {}

    final ApiKeys keys;
    final UsageMeter meter;
    private final Supplier<LedgerState> ledger;
    private final Optional<Submitter> submitter;

    private InferenceBilling(ApiKeys keys, UsageMeter meter, Supplier<LedgerState> ledger, Optional<Submitter> submitter) {
        this.keys = keys;
        this.meter = meter;
        this.ledger = ledger;
        this.submitter = submitter;
    }

    /** Keys and usage in memory, never settled: for a gateway without a coordinator key behind it (tests of the API alone). */
    public static InferenceBilling inMemory(String networkId, Supplier<LedgerState> ledger) {
        return new InferenceBilling(new ApiKeys(networkId, new SecureRandom()), new UsageMeter(Gateway.PRICES), ledger, Optional.empty());
    }

    /** The books saved in {@code dir} ({@code api-keys.json}, {@code usage.json}), settled through {@code submitter}. */
    public static InferenceBilling open(Path dir, String networkId, Supplier<LedgerState> ledger, Submitter submitter) {
        var keys = ApiKeys.open(networkId, new SecureRandom(), new JsonFile(dir.resolve("api-keys.json")));
        var meter = UsageMeter.open(Gateway.PRICES, new JsonFile(dir.resolve("usage.json")));
        return new InferenceBilling(keys, meter, ledger, Optional.of(submitter));
    }

    /**
     * One round: confirms the batch in flight if the ledger holds it, then submits the next (the one in flight again,
     * or a new cut of the open tally). Called on a timer and on shutdown; one round at a time.
     */
    public synchronized void settle() {
        if (submitter.isEmpty()) {
            return;
        }
        meter.confirm(ledger.get());
        Optional<SettleInference> batch = meter.nextBatch(ledger.get());
        if (batch.isEmpty()) {
            return;
        }
        Optional<Boolean> applied = submitter.get().apply(batch.get());
        if (applied.isPresent() && !applied.get()) {
            meter.refused(ledger.get());
        } else {
            meter.confirm(ledger.get());
        }
        if (applied.orElse(false)) {
            LOG.debug("inference batch {} settled: {} entries", batch.get().batch(), batch.get().entries().size());
        }
    }

    /** Saves what was metered since the last save. */
    public void flush() {
        meter.flush();
    }

    public UsageMeter.WalletUsage usage(Address wallet) {
        return meter.usage(wallet);
    }
}
