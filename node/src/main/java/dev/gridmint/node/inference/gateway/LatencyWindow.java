package dev.gridmint.node.inference.gateway;

import java.util.Arrays;
import java.util.OptionalDouble;

/** The last few answer times of one route, for its tail: a ring of {@code size} samples, in milliseconds. */
final class LatencyWindow {

    private final double[] samples;
    private int count;
    private int next;

    LatencyWindow(int size) {
        samples = new double[size];
    }

    synchronized void add(double millis) {
        samples[next] = millis;
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    /** The {@code q} quantile (0..1) of the samples held, once there are at least {@code minSamples}. */
    synchronized OptionalDouble quantile(double q, int minSamples) {
        if (count < Math.max(1, minSamples)) {
            return OptionalDouble.empty();
        }
        double[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return OptionalDouble.of(sorted[(int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))]);
    }
}
