package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.Bme;

/**
 * Writes each epoch's {@link Metric}s into the run's series.
 *
 * <p>The margin statistics cost O(n), not a sort: the claim counts the negative margins and
 * keeps a systematic sample of them (every {@code stride}-th provider, at most {@link #SAMPLE});
 * the median and P10 are order statistics of the sample, found by selection. Up to {@link
 * #SAMPLE} providers the sample is everyone and the figures are exact. Above it they are
 * estimates, except for the sign of the medians, which is always exact: the death-spiral flag
 * reads only that sign, and the median (the {@code n/2}-th smallest, counting from 0, i.e. the
 * upper median for an even count) is negative exactly when more than {@code n/2} (integer
 * division) of the values are. When the sample's median disagrees with the count in sign, the
 * exact median is selected from every provider instead.
 */
final class EpochRecorder {

    /** The most providers whose margins are sampled; the statistics are exact up to this many. */
    static final int SAMPLE = 1024;
    private static final double MICRO = 1e6;

    private final double[][] series;
    private final Providers providers;
    private final TokenLedger ledger;
    private final Flows flows;
    private final Stakers stakers;
    private final Churn churn;
    private final Margins margins;
    final double[] sampleMargin = new double[SAMPLE + 1];
    final double[] sampleRolling = new double[SAMPLE + 1];
    private double[] everyone = new double[0];

    EpochRecorder(int epochs, Providers providers, Margins margins, TokenLedger ledger, Flows flows, Stakers stakers,
            Churn churn) {
        this.margins = margins;
        this.series = new double[Metric.values().length][epochs];
        this.providers = providers;
        this.ledger = ledger;
        this.flows = flows;
        this.stakers = stakers;
        this.churn = churn;
    }

    double[][] series() {
        return series;
    }

    /** Every how many providers the claim samples a margin, so that at most {@link #SAMPLE} are kept. */
    static int stride(int n) {
        return n <= SAMPLE ? 1 : (n + SAMPLE - 1) / SAMPLE;
    }

    /**
     * The margins of the providers who worked the epoch, before any of them leaves: {@code n}
     * providers, of which {@code negative} had a negative margin and {@code negativeRolling} a
     * negative four-epoch sum, and {@code sampled} sampled into {@link #sampleMargin} and {@link
     * #sampleRolling}.
     */
    void margins(int t, int n, int negative, int negativeRolling, int sampled) {
        if (n == 0) {
            set(Metric.MARGIN_MEDIAN, t, 0);
            set(Metric.MARGIN_P10, t, 0);
            set(Metric.MARGIN_ROLLING_MEDIAN, t, 0);
            return;
        }
        set(Metric.MARGIN_P10, t, select(sampleMargin, sampled, sampled / 10));
        set(Metric.MARGIN_MEDIAN, t, median(t, false, sampleMargin, sampled, n, negative));
        set(Metric.MARGIN_ROLLING_MEDIAN, t, median(t, true, sampleRolling, sampled, n, negativeRolling));
    }

    private double median(int t, boolean rolling, double[] sample, int sampled, int n, int negative) {
        double estimate = select(sample, sampled, sampled / 2);
        boolean negativeMedian = negative > n / 2;
        if (sampled == n || (estimate < 0) == negativeMedian) {
            return estimate;
        }
        if (everyone.length < n) {
            everyone = new double[providers.gpus.length];
        }
        for (int i = 0; i < n; i++) {
            everyone[i] = rolling ? margins.rolling(i, t) : margins.margin(i, t);
        }
        return select(everyone, n, n / 2);
    }

    /**
     * The {@code k}-th smallest (from 0) of {@code a[0..n)}, reordering it: Hoare's selection with
     * a median-of-three pivot, O(n) expected and deterministic.
     */
    static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            double pivot = medianOfThree(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = a[i];
                    a[i] = a[j];
                    a[j] = swap;
                    i++;
                    j--;
                }
            }
            // a[lo..j] <= pivot <= a[i..hi], and everything strictly between equals the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Everything else, after churn: the provider count is the one left at the end of the epoch. */
    void record(int t, long price, double utilization, double demand, long emitted, long burn) {
        int n = providers.size();
        long staked = (stakers == null ? 0 : stakers.staked) + churn.unbonding() + providers.totalStake;
        double outstanding = ledger.outstanding() / MICRO;
        long cr = ledger.creditsOutstanding == 0 ? Long.MAX_VALUE
                : Bme.collateralRatioBps(ledger.vault, price, ledger.creditsOutstanding);
        set(Metric.PRICE, t, flows.amm.price());
        set(Metric.CIRCULATING, t, outstanding - ledger.vault / MICRO - staked / MICRO);
        set(Metric.NET_EMISSION, t, (emitted - burn) / MICRO);
        set(Metric.PROVIDERS, t, n);
        set(Metric.BURN_MINT, t, emitted == 0 ? 0 : (double) burn / emitted);
        set(Metric.COLLATERAL, t, Math.min(10, cr / 10_000.0));
        set(Metric.BUY_USD, t, flows.buyUsd);
        set(Metric.SELL_USD, t, flows.sellUsd);
        set(Metric.STAKED_SHARE, t, outstanding == 0 ? 0 : staked / MICRO / outstanding);
        set(Metric.UTILIZATION, t, utilization);
        set(Metric.DEMAND_USD, t, demand);
        set(Metric.EMISSION, t, emitted / MICRO);
        set(Metric.BURN, t, burn / MICRO);
    }

    private void set(Metric metric, int t, double value) {
        series[metric.ordinal()][t] = value;
    }
}
