package dev.gridmint.sim.engine;

/**
 * One run's per-epoch series, {@code series[metric.ordinal()][epoch]}, and the providers it
 * started with (for retention).
 */
public record RunResult(double[][] series, int initialProviders) {

    public double[] of(Metric metric) {
        return series[metric.ordinal()];
    }

    public int epochs() {
        return series[0].length;
    }

    public double last(Metric metric) {
        double[] s = of(metric);
        return s[s.length - 1];
    }
}
