package dev.gridmint.workloads.serve;

import java.util.List;
import java.util.Objects;

/**
 * How to draw tokens: at most {@code maxTokens}, softmax at {@code temperature} (0 is greedy), nucleus
 * {@code topP}, from a generator seeded with {@code seed}, stopping before any of {@code stop}.
 */
public record Sampling(int maxTokens, double temperature, double topP, long seed, List<String> stop) {

    public static final double MAX_TEMPERATURE = 2.0;

    public Sampling {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be in [0, " + MAX_TEMPERATURE + "]");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]");
        }
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
    }
}
