package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.Bme;
import java.util.Arrays;

/** Writes each epoch's {@link Metric}s into the run's series. */
final class EpochRecorder {

    private static final double MICRO = 1e6;

    private final double[][] series;
    private final Providers providers;
    private final TokenLedger ledger;
    private final Flows flows;
    private final Stakers stakers;
    private final Churn churn;
    private double[] scratch = new double[0];

    EpochRecorder(int epochs, Providers providers, TokenLedger ledger, Flows flows, Stakers stakers, Churn churn) {
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

    /** The margins of the providers who worked the epoch, before any of them leaves. */
    void margins(int t) {
        int n = providers.size();
        if (scratch.length < n) {
            scratch = new double[providers.gpus.length];
        }
        System.arraycopy(providers.lastMargin, 0, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
        set(Metric.MARGIN_MEDIAN, t, n == 0 ? 0 : scratch[n / 2]);
        set(Metric.MARGIN_P10, t, n == 0 ? 0 : scratch[n / 10]);
        for (int i = 0; i < n; i++) {
            scratch[i] = providers.rollingMargin(i);
        }
        Arrays.sort(scratch, 0, n);
        set(Metric.MARGIN_ROLLING_MEDIAN, t, n == 0 ? 0 : scratch[n / 2]);
    }

    /** Everything else, after churn: the provider count is the one left at the end of the epoch. */
    void record(int t, long price, double utilization, double demand, long emitted, long burn) {
        int n = providers.size();
        long staked = (stakers == null ? 0 : stakers.staked) + churn.unbonding();
        for (int i = 0; i < n; i++) {
            staked += providers.stake[i];
        }
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
