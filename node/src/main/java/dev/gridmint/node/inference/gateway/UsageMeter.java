package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.InferenceRules;
import dev.gridmint.core.tx.TxPayload.InferenceCharge;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Tokens served, per (payer, provider, model), priced by {@link TokenPrices}, until the ledger settles them. What is metered goes into an open tally; a settlement
 * cuts the tally into a numbered batch ({@link SettleInference}), which stays in flight until the ledger shows it
 * applied; only then does it count as settled. What a wallet owes (open and in flight) is held against its credits.
 * With a file, the meter is saved whenever a batch is cut or settled and on {@link #flush()}, so a restart settles
 * what was metered before it, and the batch in flight exactly once: the ledger refuses a batch number twice.
 */
public final class UsageMeter {

    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    /** One line of usage: what a wallet drew from a provider. */
    record Line(Address wallet, Address provider, String model, long promptTokens, long completionTokens, long microCc) {}

    /** A wallet's usage: what the ledger settled, what waits for it, and what it could not charge (the payer had spent it). */
    public record WalletUsage(Address wallet, long settledMicroCc, long pendingMicroCc, long unpaidMicroCc, long promptTokens,
            long completionTokens, long lastBatch) {}

    /** What one API key has drawn in all, settled or not: the wallet pays for all its keys, this says which key spent it. */
    public record KeyUsage(String keyHash, long promptTokens, long completionTokens, long microCc) {}

    private record Key(Address payer, Address provider, String model) {}

    private record Tally(long promptTokens, long completionTokens, long microCc) {
        static final Tally ZERO = new Tally(0, 0, 0);

        Tally plus(long prompt, long completion, long cost) {
            return new Tally(Math.addExact(promptTokens, prompt), Math.addExact(completionTokens, completion), Math.addExact(microCc, cost));
        }

        Tally minus(Tally other) {
            return new Tally(promptTokens - other.promptTokens, completionTokens - other.completionTokens, microCc - other.microCc);
        }
    }

    private record Batch(long number, List<InferenceCharge> entries) {}

    private final TokenPrices prices;
    private final Optional<JsonFile> file;
    private final Map<Key, Tally> open = new HashMap<>();
    private final Map<Address, Tally> pending = new HashMap<>();
    private final Map<Address, Tally> settled = new HashMap<>();
    private final Map<Address, Long> unpaid = new HashMap<>();
    private final Map<String, Tally> byKey = new HashMap<>();
    private Batch inFlight;
    private long lastBatch;
    private boolean dirty;

    /** In memory only. */
    UsageMeter(TokenPrices prices) {
        this(prices, Optional.empty());
    }

    private UsageMeter(TokenPrices prices, Optional<JsonFile> file) {
        this.prices = prices;
        this.file = file;
    }

    /** The meter saved in {@code file}, or a new one there. */
    static UsageMeter open(TokenPrices prices, JsonFile file) {
        var meter = new UsageMeter(prices, Optional.of(file));
        file.read().ifPresent(meter::load);
        return meter;
    }

    long cost(String model, long tokens) {
        return prices.cost(model, tokens);
    }

    long pricePer1k(String model) {
        return prices.per1k(model);
    }

    /** Meters one answer drawn by {@code keyHash} (a key of {@code wallet}) from {@code provider}. */
    synchronized Line record(Address wallet, String keyHash, Address provider, String model, long promptTokens, long completionTokens) {
        long cost = cost(model, promptTokens + completionTokens);
        byKey.merge(keyHash, Tally.ZERO.plus(promptTokens, completionTokens, cost), UsageMeter::sum);
        open.merge(new Key(wallet, provider, model), Tally.ZERO.plus(promptTokens, completionTokens, cost), UsageMeter::sum);
        pending.merge(wallet, Tally.ZERO.plus(promptTokens, completionTokens, cost), UsageMeter::sum);
        dirty = true;
        return new Line(wallet, provider, model, promptTokens, completionTokens, cost);
    }

    /** Micro-CC the wallet has drawn and the ledger has not yet settled. */
    synchronized long owed(Address wallet) {
        return pending.getOrDefault(wallet, Tally.ZERO).microCc();
    }

    public synchronized KeyUsage keyUsage(String keyHash) {
        Tally drawn = byKey.getOrDefault(keyHash, Tally.ZERO);
        return new KeyUsage(keyHash, drawn.promptTokens(), drawn.completionTokens(), drawn.microCc());
    }

    public synchronized WalletUsage usage(Address wallet) {
        Tally done = settled.getOrDefault(wallet, Tally.ZERO);
        Tally waiting = pending.getOrDefault(wallet, Tally.ZERO);
        return new WalletUsage(wallet, done.microCc(), waiting.microCc(), unpaid.getOrDefault(wallet, 0L),
                done.promptTokens() + waiting.promptTokens(), done.completionTokens() + waiting.completionTokens(), lastBatch);
    }

    /**
     * The batch to submit now: the one in flight if there is one (signed again, it is refused if the ledger has it),
     * else the open tally cut into a new one numbered after the ledger's last. An entry whose provider the ledger does
     * not know, or whose payer's credits no longer cover it, is charged what the ledger can take and the rest is
     * recorded as unpaid, so the ledger never has reason to refuse the batch.
     */
    synchronized Optional<SettleInference> nextBatch(LedgerState state) {
        if (inFlight == null) {
            inFlight = cut(state);
            save();
        }
        return Optional.ofNullable(inFlight).map(batch -> new SettleInference(batch.number(), batch.entries()));
    }

    private Batch cut(LedgerState state) {
        List<Map.Entry<Key, Tally>> lines = open.entrySet().stream()
                .sorted((a, b) -> InferenceRules.ORDER.compare(charge(a.getKey(), a.getValue(), 0), charge(b.getKey(), b.getValue(), 0)))
                .limit(SettleInference.MAX_ENTRIES).toList();
        Map<Address, Long> room = new HashMap<>();
        List<InferenceCharge> entries = new ArrayList<>();
        for (Map.Entry<Key, Tally> line : lines) {
            Key key = line.getKey();
            Tally tally = line.getValue();
            open.remove(key);
            long left = state.provider(key.provider()).isEmpty() ? 0 : room.computeIfAbsent(key.payer(), p -> state.account(p).credits());
            long charged = Math.min(Math.min(tally.microCc(), left), InferenceCharge.MAX_CREDITS);
            if (charged < tally.microCc()) {
                // A wallet that spent its credits elsewhere between serving and settling; the provider served it in good faith.
                LOG.warn("{} micro-CC of {}'s inference on {} cannot be charged", tally.microCc() - charged, key.payer(), key.provider());
                unpaid.merge(key.payer(), tally.microCc() - charged, Math::addExact);
                subtract(key.payer(), new Tally(0, 0, tally.microCc() - charged));
            }
            if (charged > 0) {
                room.put(key.payer(), left - charged);
                entries.add(charge(key, tally, charged));
            }
        }
        dirty = true;
        return entries.isEmpty() ? null : new Batch(InferenceRules.lastBatch(state) + 1, List.copyOf(entries));
    }

    private static InferenceCharge charge(Key key, Tally tally, long credits) {
        return new InferenceCharge(key.payer(), key.provider(), key.model(), Math.min(tally.promptTokens(), InferenceCharge.MAX_TOKENS),
                Math.min(tally.completionTokens(), InferenceCharge.MAX_TOKENS), credits);
    }

    /** Once the ledger holds the batch in flight, it is settled: it moves from the wallets' pending usage to their settled usage. */
    synchronized void confirm(LedgerState state) {
        long ledgerBatch = InferenceRules.lastBatch(state);
        if (inFlight != null && ledgerBatch >= inFlight.number()) {
            for (InferenceCharge entry : inFlight.entries()) {
                Tally done = new Tally(entry.promptTokens(), entry.completionTokens(), entry.credits());
                subtract(entry.payer(), done);
                settled.merge(entry.payer(), done, UsageMeter::sum);
            }
            inFlight = null;
            dirty = true;
        }
        if (ledgerBatch != lastBatch) {
            lastBatch = ledgerBatch;
            dirty = true;
        }
        save();
    }

    /**
     * The ledger refused the batch in flight (it is not in the ledger): its entries go back to the open tally, to be
     * checked against the ledger again when the next batch is cut.
     */
    synchronized void refused(LedgerState state) {
        if (inFlight == null || InferenceRules.lastBatch(state) >= inFlight.number()) {
            return;
        }
        for (InferenceCharge entry : inFlight.entries()) {
            open.merge(new Key(entry.payer(), entry.provider(), entry.model()),
                    new Tally(entry.promptTokens(), entry.completionTokens(), entry.credits()), UsageMeter::sum);
        }
        inFlight = null;
        dirty = true;
        save();
    }

    /** Saves what was metered since the last save. */
    synchronized void flush() {
        save();
    }

    private static Tally sum(Tally a, Tally b) {
        return a.plus(b.promptTokens(), b.completionTokens(), b.microCc());
    }

    private void subtract(Address wallet, Tally done) {
        pending.computeIfPresent(wallet, (w, tally) -> tally.minus(done).equals(Tally.ZERO) ? null : tally.minus(done));
    }

    private void save() {
        if (!dirty || file.isEmpty()) {
            return;
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("version", 1);
        document.put("last_batch", lastBatch);
        document.put("open", open.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList());
        document.put("in_flight", inFlight == null ? null : Map.of("number", inFlight.number(), "entries", inFlight.entries().stream()
                .map(c -> line(new Key(c.payer(), c.provider(), c.model()), new Tally(c.promptTokens(), c.completionTokens(), c.credits())))
                .toList()));
        document.put("settled", wallets(settled));
        document.put("unpaid", unpaid.entrySet().stream().map(e -> Map.of("wallet", e.getKey().toString(), "micro_cc", e.getValue())).toList());
        document.put("keys", byKey.entrySet().stream().map(e -> Map.<String, Object>of("key_sha256", e.getKey(),
                "prompt_tokens", e.getValue().promptTokens(), "completion_tokens", e.getValue().completionTokens(),
                "micro_cc", e.getValue().microCc())).toList());
        file.get().write(document);
        dirty = false;
    }

    private static Map<String, Object> line(Key key, Tally tally) {
        var line = new LinkedHashMap<String, Object>();
        line.put("payer", key.payer().toString());
        line.put("provider", key.provider().toString());
        line.put("model", key.model());
        line.put("prompt_tokens", tally.promptTokens());
        line.put("completion_tokens", tally.completionTokens());
        line.put("micro_cc", tally.microCc());
        return line;
    }

    private static List<Map<String, Object>> wallets(Map<Address, Tally> tallies) {
        return tallies.entrySet().stream().map(e -> Map.<String, Object>of("wallet", e.getKey().toString(),
                "prompt_tokens", e.getValue().promptTokens(), "completion_tokens", e.getValue().completionTokens(),
                "micro_cc", e.getValue().microCc())).toList();
    }

    private void load(JsonNode document) {
        if (document.path("version").asInt() != 1) {
            throw new IllegalStateException("the usage meter's file has version " + document.path("version") + ", not 1");
        }
        lastBatch = document.path("last_batch").asLong();
        for (JsonNode line : document.path("open")) {
            Key key = key(line);
            Tally tally = tally(line);
            open.merge(key, tally, UsageMeter::sum);
            pending.merge(key.payer(), tally, UsageMeter::sum);
        }
        JsonNode batch = document.path("in_flight");
        if (batch.isObject()) {
            List<InferenceCharge> entries = new ArrayList<>();
            for (JsonNode line : batch.path("entries")) {
                Key key = key(line);
                Tally tally = tally(line);
                entries.add(new InferenceCharge(key.payer(), key.provider(), key.model(), tally.promptTokens(), tally.completionTokens(),
                        tally.microCc()));
                pending.merge(key.payer(), tally, UsageMeter::sum);
            }
            inFlight = new Batch(batch.path("number").asLong(), List.copyOf(entries));
        }
        for (JsonNode line : document.path("settled")) {
            settled.merge(Address.parse(line.path("wallet").asString()), tally(line), UsageMeter::sum);
        }
        for (JsonNode line : document.path("unpaid")) {
            unpaid.merge(Address.parse(line.path("wallet").asString()), line.path("micro_cc").asLong(), Math::addExact);
        }
        // Absent from files saved before keys were tallied: their keys start from zero.
        for (JsonNode line : document.path("keys")) {
            byKey.merge(line.path("key_sha256").asString(), tally(line), UsageMeter::sum);
        }
    }

    private static Key key(JsonNode line) {
        return new Key(Address.parse(line.path("payer").asString()), Address.parse(line.path("provider").asString()),
                line.path("model").asString());
    }

    private static Tally tally(JsonNode line) {
        return new Tally(line.path("prompt_tokens").asLong(), line.path("completion_tokens").asLong(), line.path("micro_cc").asLong());
    }
}
