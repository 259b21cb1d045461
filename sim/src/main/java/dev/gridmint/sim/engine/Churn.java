package dev.gridmint.sim.engine;

import dev.gridmint.sim.config.AgentParams;
import java.util.SplittableRandom;

/**
 * Providers coming and going (spec (b), step 8): exit on a negative four-epoch margin, with the
 * balance dumped at once and the stake once its unbonding ends; entry of Poisson candidates who
 * expect to beat their cost with the hurdle, buying their stake on the AMM.
 */
final class Churn {

    private static final double MICRO = 1e6;
    private static final double POISSON_PART = 500;

    private final Providers providers;
    private final Flows flows;
    private final AgentParams agents;
    private final SplittableRandom random;
    private final long stakePerGpu;
    private final double feeShare;
    private final long[] unbonding;

    Churn(Providers providers, Flows flows, AgentParams agents, SplittableRandom random, long stakePerGpu,
            int unbondingEpochs, int protocolFeeBps) {
        this.providers = providers;
        this.flows = flows;
        this.agents = agents;
        this.random = random;
        this.stakePerGpu = stakePerGpu;
        this.feeShare = 1 - protocolFeeBps / 10_000.0;
        this.unbonding = new long[unbondingEpochs];
    }

    /** The genesis providers, staked from the genesis supply. */
    void addInitial(int count) {
        for (int i = 0; i < count; i++) {
            int gpus = drawGpus();
            providers.add(0, gpus, drawCost(), drawHold(), gpus * stakePerGpu);
        }
    }

    /** Micro-GRID unbonding: still staked, not yet sold. */
    long unbonding() {
        long total = 0;
        for (long u : unbonding) {
            total += u;
        }
        return total;
    }

    /**
     * A provider leaves when its last four margins sum below zero (the claim found which, {@code
     * leaving[0..count)} ascending): it dumps its balance, its stake after unbonding. Removed from
     * the highest index down, so that the provider swapped into a freed slot is always one that stays.
     */
    void exit(int t, int[] leaving, int count) {
        double dump = 0;
        for (int k = count - 1; k >= 0; k--) {
            int i = leaving[k];
            dump += providers.balance[i] / MICRO;
            unbonding[t % unbonding.length] += providers.stake[i];
            providers.remove(i);
        }
        flows.sell(dump);
    }

    /** Stake that left {@code unbonding.length} epochs ago is sold. */
    void releaseUnbonded(int t) {
        int slot = t % unbonding.length;
        if (unbonding[slot] > 0) {
            flows.sell(unbonding[slot] / MICRO);
            unbonding[slot] = 0;
        }
    }

    /**
     * Poisson candidates join when the income they expect per GPU beats their cost with the
     * hurdle: the epoch's demand they could serve, less the fee, and the emission, both shared
     * with the GPUs already there.
     */
    void enter(int t, double demand, double servicePriceUsd, double emissionUsd, double costMultiplier) {
        int candidates = poisson(agents.entryRate());
        for (int k = 0; k < candidates && providers.size() < agents.maxProviders(); k++) {
            int gpus = drawGpus();
            double cost = drawCost();
            double hold = drawHold();
            double gpusAfter = providers.totalGpus + gpus;
            double expected = (Math.min(demand, gpusAfter * 24 * servicePriceUsd) * feeShare + emissionUsd) / gpusAfter;
            if (expected <= cost * costMultiplier * 24 * (1 + agents.hurdle())) {
                continue;
            }
            long stake = gpus * stakePerGpu;
            if (!Double.isNaN(flows.buyExactGrid(stake / MICRO))) {
                providers.add(t + 1, gpus, cost, hold, stake);
            }
        }
    }

    private int drawGpus() {
        double g = Math.exp(agents.capacityLogMean() + agents.capacityLogSd() * random.nextGaussian());
        return (int) Math.max(1, Math.min(Providers.MAX_GPUS, Math.round(g)));
    }

    private double drawCost() {
        return agents.costMin() + (agents.costMax() - agents.costMin()) * random.nextDouble();
    }

    private double drawHold() {
        return agents.holdMin() + (agents.holdMax() - agents.holdMin()) * random.nextDouble();
    }

    /**
     * Knuth's method, exact for small means; a larger mean is split into parts of at most {@link
     * #POISSON_PART}, whose Poisson counts sum to the whole's, because {@code e^-mean} underflows
     * past about 745 and the count would stall there (the bench's 100k providers ask for 833).
     */
    private int poisson(double mean) {
        int count = 0;
        double left = mean;
        while (left > POISSON_PART) {
            count += knuth(POISSON_PART);
            left -= POISSON_PART;
        }
        return count + knuth(left);
    }

    private int knuth(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
