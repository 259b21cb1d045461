package dev.gridmint.sim.analysis;

import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.RunResult;
import java.util.OptionalInt;

/**
 * The death-spiral flag of spec (b): in one epoch, all at once, burn below a fifth of emission
 * (the token has no usage demand), providers paid less than they spend, the provider count down
 * 5% or more since the last epoch (they are leaving) and more USD selling than buying (the price
 * is being pushed down). Any one alone is an ordinary bad day; the conjunction is the loop the
 * seeds warn of.
 *
 * <p>"Median margin below zero for 4 epochs" has two readings. {@link #SPEC} takes the median
 * over providers of each one's margin summed over the last four epochs: the quantity the spec's
 * own exit rule tests. {@link #LITERAL} asks for the median of each epoch's margin to be negative
 * four epochs running. With daily epochs the literal reading almost never fires: a provider whose
 * daily margin turns sharply negative has a negative four-epoch sum within a day or two and
 * leaves, so the cohort is gone before four negative medians can be seen. Both are reported.
 *
 * @param maxBurnMint B/E below this
 * @param margin the margin series whose median must be negative
 * @param marginEpochs epochs running it must have been negative
 * @param providerDrop the least fall in the provider count since the last epoch
 * @param minSellBuy sell/buy above this
 */
public record DeathSpiral(String name, double maxBurnMint, Metric margin, int marginEpochs, double providerDrop,
        double minSellBuy) {

    /** The spec's thresholds, with the four-epoch margin as the exit rule computes it. */
    public static final DeathSpiral SPEC = new DeathSpiral("spec", 0.2, Metric.MARGIN_ROLLING_MEDIAN, 1, 0.05, 1.0);

    /** The same thresholds, with the median daily margin negative four epochs running. */
    public static final DeathSpiral LITERAL = new DeathSpiral("literal", 0.2, Metric.MARGIN_MEDIAN, 4, 0.05, 1.0);

    public DeathSpiral {
        if (marginEpochs < 1) {
            throw new IllegalArgumentException("marginEpochs must be at least 1");
        }
    }

    /** The first epoch the rule holds, if any. */
    public OptionalInt firstEpoch(double[] burnMint, double[] margin, double[] providers, double[] sellUsd,
            double[] buyUsd) {
        for (int t = Math.max(1, marginEpochs - 1); t < burnMint.length; t++) {
            if (holdsAt(t, burnMint, margin, providers, sellUsd, buyUsd)) {
                return OptionalInt.of(t);
            }
        }
        return OptionalInt.empty();
    }

    public OptionalInt firstEpoch(RunResult run) {
        return firstEpoch(run.of(Metric.BURN_MINT), run.of(margin), run.of(Metric.PROVIDERS), run.of(Metric.SELL_USD),
                run.of(Metric.BUY_USD));
    }

    private boolean holdsAt(int t, double[] burnMint, double[] margin, double[] providers, double[] sellUsd,
            double[] buyUsd) {
        if (burnMint[t] >= maxBurnMint || providers[t - 1] <= 0) {
            return false;
        }
        for (int k = t - marginEpochs + 1; k <= t; k++) {
            if (!(margin[k] < 0)) {
                return false;
            }
        }
        boolean leaving = providers[t] <= providers[t - 1] * (1 - providerDrop);
        boolean selling = sellUsd[t] > minSellBuy * buyUsd[t];
        return leaving && selling;
    }
}
