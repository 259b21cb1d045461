package dev.gridmint.sim.engine;

import dev.gridmint.sim.market.Amm;

/** The AMM, with every trade of the epoch tallied as buy or sell pressure in USD. */
final class Flows {

    final Amm amm;
    double buyUsd;
    double sellUsd;

    Flows(Amm amm) {
        this.amm = amm;
    }

    void reset() {
        buyUsd = 0;
        sellUsd = 0;
    }

    double buyExactGrid(double grid) {
        double usd = amm.buyExactGrid(grid);
        if (!Double.isNaN(usd)) {
            buyUsd += usd;
        }
        return usd;
    }

    double buyWithUsd(double usd) {
        buyUsd += Math.max(0, usd);
        return amm.buyWithUsd(usd);
    }

    double sell(double grid) {
        double usd = amm.sell(grid);
        sellUsd += usd;
        return usd;
    }

    void movePrice(double factor) {
        double flow = amm.movePrice(factor);
        if (flow > 0) {
            buyUsd += flow;
        } else {
            sellUsd -= flow;
        }
    }
}
