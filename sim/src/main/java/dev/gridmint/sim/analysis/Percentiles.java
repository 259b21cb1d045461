package dev.gridmint.sim.analysis;

import java.util.Arrays;

/** Percentiles by linear interpolation between order statistics (NumPy's default). */
public final class Percentiles {

    private Percentiles() {}

    /** The {@code q}-quantile of an ascending array. */
    public static double sorted(double[] ascending, double q) {
        if (ascending.length == 0) {
            return Double.NaN;
        }
        double position = q * (ascending.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(ascending.length - 1, low + 1);
        return ascending[low] + (ascending[high] - ascending[low]) * (position - low);
    }

    public static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return sorted(copy, 0.5);
    }
}
