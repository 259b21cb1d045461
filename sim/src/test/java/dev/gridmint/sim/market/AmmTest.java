package dev.gridmint.sim.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AmmTest {

    @Test
    void withoutAFeeTheProductOfReservesIsConstant() {
        var amm = new Amm(1_000, 500, 0);
        double k = amm.grid() * amm.usd();
        amm.buyWithUsd(100);
        assertThat(amm.grid() * amm.usd()).isCloseTo(k, within(1e-6));
        amm.sell(300);
        assertThat(amm.grid() * amm.usd()).isCloseTo(k, within(1e-6));
    }

    @Test
    void buyingMatchesTheConstantProductFormulaWithTheFeeOnTheInput() {
        var amm = new Amm(1_000, 1_000, Amm.DEFAULT_FEE);
        double out = amm.buyWithUsd(100);
        // x·(1−f)·Δy / (y + (1−f)·Δy) = 1000 · 99.7 / 1099.7
        assertThat(out).isCloseTo(1_000 * 99.7 / 1_099.7, within(1e-9));
        assertThat(amm.usd()).isEqualTo(1_100);
        assertThat(amm.grid() * amm.usd()).as("the fee stays in the pool").isGreaterThan(1_000_000);
    }

    @Test
    void anExactOutputBuyIsTheInverseOfAnInputBuy() {
        double usdIn = Amm.usdInFor(2_000, 1_000, 150, Amm.DEFAULT_FEE);
        assertThat(Amm.gridOut(2_000, 1_000, usdIn, Amm.DEFAULT_FEE)).isCloseTo(150, within(1e-9));
        assertThat(Amm.usdInFor(2_000, 1_000, 2_000, Amm.DEFAULT_FEE)).isInfinite();
    }

    @Test
    void sellingLowersThePriceAndARoundTripLosesTheFees() {
        var amm = new Amm(1_000, 1_000, Amm.DEFAULT_FEE);
        double grid = amm.buyWithUsd(50);
        assertThat(amm.price()).isGreaterThan(1);
        double back = amm.sell(grid);
        assertThat(back).isLessThan(50).isGreaterThan(49.5);
    }

    @Test
    void aMacroMoveSetsThePriceAlongTheSameCurveAndReportsTheFlow() {
        var amm = new Amm(1_000, 1_000, Amm.DEFAULT_FEE);
        double flow = amm.movePrice(4);
        assertThat(amm.price()).isCloseTo(4, within(1e-9));
        assertThat(amm.grid() * amm.usd()).isCloseTo(1_000_000, within(1e-6));
        assertThat(flow).as("USD came in: a buy").isCloseTo(1_000, within(1e-9));
        assertThat(amm.movePrice(0.25)).isCloseTo(-1_000, within(1e-9));
    }

    @Test
    void aBuyBeyondThePoolsDepthIsRefused() {
        var amm = new Amm(100, 100, Amm.DEFAULT_FEE);
        assertThat(amm.buyExactGrid(95)).isNaN();
        assertThat(amm.grid()).isEqualTo(100);
    }
}
