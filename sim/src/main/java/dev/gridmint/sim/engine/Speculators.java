package dev.gridmint.sim.engine;

/**
 * Two traders with a capital budget each, half in GRID at the start: a momentum trader (more
 * GRID after a week's rise) and a mean-reverter (more GRID below its 60-day average). Each
 * moves a tenth of the way to its target exposure per epoch, so neither can empty its budget in
 * a day.
 */
final class Speculators {

    private static final int LOOKBACK = 7;
    private static final double STEP = 0.1;

    private double momentumUsd;
    private double momentumGrid;
    private double reverterUsd;
    private double reverterGrid;
    private double average;
    private final double[] history = new double[LOOKBACK];
    private int seen;

    Speculators(double budgetUsd, double price) {
        momentumUsd = budgetUsd / 2;
        momentumGrid = budgetUsd / 2 / price;
        reverterUsd = budgetUsd / 2;
        reverterGrid = budgetUsd / 2 / price;
        average = price;
    }

    /** GRID the speculators hold, for the supply figures. */
    double grid() {
        return momentumGrid + reverterGrid;
    }

    void trade(Flows flows) {
        double price = flows.amm.price();
        double weekAgo = seen >= LOOKBACK ? history[seen % LOOKBACK] : price;
        history[seen % LOOKBACK] = price;
        seen++;
        average += (price - average) / 60.0;
        double momentumTarget = 0.5 + 0.5 * Math.tanh((price / weekAgo - 1) / 0.1);
        double reverterTarget = 0.5 + 0.5 * Math.tanh(Math.log(average / price) / 0.3);
        double[] m = rebalance(flows, momentumUsd, momentumGrid, momentumTarget);
        momentumUsd = m[0];
        momentumGrid = m[1];
        double[] r = rebalance(flows, reverterUsd, reverterGrid, reverterTarget);
        reverterUsd = r[0];
        reverterGrid = r[1];
    }

    private static double[] rebalance(Flows flows, double usd, double grid, double targetShare) {
        double price = flows.amm.price();
        double value = usd + grid * price;
        double trade = STEP * (targetShare * value - grid * price);
        if (trade > 0) {
            double spend = Math.min(trade, usd);
            return new double[] {usd - spend, grid + flows.buyWithUsd(spend)};
        }
        double sell = Math.min(-trade / price, grid);
        return new double[] {usd + flows.sell(sell), grid - sell};
    }
}
