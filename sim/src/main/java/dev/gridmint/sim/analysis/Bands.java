package dev.gridmint.sim.analysis;

import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.RunResult;
import java.util.Arrays;
import java.util.List;

/** Per metric and epoch, the P10, median and P90 across runs: {@code values[metric][band][epoch]}. */
public record Bands(double[][][] values) {

    public static final int P10 = 0;
    public static final int MEDIAN = 1;
    public static final int P90 = 2;

    public static Bands of(List<RunResult> runs) {
        int epochs = runs.getFirst().epochs();
        var metrics = Metric.values();
        double[][][] values = new double[metrics.length][3][epochs];
        double[] column = new double[runs.size()];
        for (Metric metric : metrics) {
            for (int t = 0; t < epochs; t++) {
                for (int r = 0; r < runs.size(); r++) {
                    column[r] = runs.get(r).of(metric)[t];
                }
                Arrays.sort(column);
                values[metric.ordinal()][P10][t] = Percentiles.sorted(column, 0.10);
                values[metric.ordinal()][MEDIAN][t] = Percentiles.sorted(column, 0.50);
                values[metric.ordinal()][P90][t] = Percentiles.sorted(column, 0.90);
            }
        }
        return new Bands(values);
    }

    public double[] of(Metric metric, int band) {
        return values[metric.ordinal()][band];
    }

    public int epochs() {
        return values[0][0].length;
    }
}
