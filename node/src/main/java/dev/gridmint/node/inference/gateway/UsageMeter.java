package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens served, per wallet and provider, priced per model in micro-CC per 1,000 tokens (rounded up:
 * the protocol never undercharges). What a wallet owes here is held against its credits until it is settled.
 */
final class UsageMeter {

    /** One line of usage: what a wallet drew from a provider. */
    record Line(Address wallet, Address provider, String model, long promptTokens, long completionTokens, long microCc) {}

    private final Map<String, Long> pricePer1k;
    private final Map<Address, Long> owed = new ConcurrentHashMap<>();
    private final Map<Address, Long> earned = new ConcurrentHashMap<>();

    UsageMeter(Map<String, Long> pricePer1k) {
        this.pricePer1k = Map.copyOf(pricePer1k);
    }

    long cost(String model, long tokens) {
        long price = pricePer1k.getOrDefault(model, 0L);
        return Math.ceilDiv(Math.multiplyExact(tokens, price), 1_000L);
    }

    Line record(Address wallet, Address provider, String model, long promptTokens, long completionTokens) {
        long cost = cost(model, promptTokens + completionTokens);
        owed.merge(wallet, cost, Math::addExact);
        earned.merge(provider, cost, Math::addExact);
        return new Line(wallet, provider, model, promptTokens, completionTokens, cost);
    }

    /** Micro-CC the wallet has drawn and not yet settled. */
    long owed(Address wallet) {
        return owed.getOrDefault(wallet, 0L);
    }

    /** Micro-CC a provider has served and not yet been paid. */
    long earned(Address provider) {
        return earned.getOrDefault(provider, 0L);
    }
}
