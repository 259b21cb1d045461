package dev.gridmint.workloads.serve;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws a token from logits: greedy at temperature 0, otherwise softmax at the temperature within the top-p nucleus. */
public final class TokenSampler {

    private TokenSampler() {}

    public static int draw(double[] logits, double temperature, double topP, RandomGenerator random) {
        if (temperature == 0) {
            return argmax(logits);
        }
        double max = Arrays.stream(logits).max().orElseThrow();
        double[] weights = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = StrictMath.exp((logits[i] - max) / temperature);
            sum += weights[i];
        }
        // The nucleus: the most likely tokens until their mass reaches topP; ties keep the lower id first.
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(weights[b], weights[a]));
        int kept = 0;
        double mass = 0;
        while (kept < order.length && (kept == 0 || mass < topP * sum)) {
            mass += weights[order[kept++]];
        }
        double u = random.nextDouble() * mass;
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += weights[order[i]];
            if (u < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
