package dev.gridmint.node.inference.gateway;

import java.util.Map;

/**
 * What the gateway charges per 1,000 tokens, in micro-CC: a price per built-in model, and one price for every
 * model artifact (a GPT exported from a training job, a Llama run by Jlama), whose ids name their weights and
 * so cannot be listed ahead. Metering then never serves an artifact model for nothing.
 */
public record TokenPrices(Map<String, Long> builtIn, long artifact) {

    public TokenPrices {
        builtIn = Map.copyOf(builtIn);
        if (artifact < 0 || builtIn.values().stream().anyMatch(price -> price < 0)) {
            throw new IllegalArgumentException("a price per 1,000 tokens is 0 or more");
        }
    }

    /** Micro-CC per 1,000 tokens of {@code model}. */
    public long per1k(String model) {
        return builtIn.getOrDefault(model, artifact);
    }

    /** Micro-CC for {@code tokens} of {@code model}, rounded up: the protocol never undercharges. */
    public long cost(String model, long tokens) {
        return Math.ceilDiv(Math.multiplyExact(tokens, per1k(model)), 1_000L);
    }
}
