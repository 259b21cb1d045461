package dev.gridmint.sim.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.Metric;
import org.junit.jupiter.api.Test;

class MonteCarloTest {

    private static final SimConfig SMALL = new SimConfig(EconomyParams.DEFAULTS, Design.BME_STAKING, Scenarios.NEUTRAL,
            AgentParams.DEFAULTS.withInitialProviders(30), 200);

    @Test
    void theSameSeedGivesTheSameResultOnOneThreadOrMany() throws InterruptedException {
        var one = MonteCarlo.run(SMALL, 6, 7, 1, n -> {});
        var three = MonteCarlo.run(SMALL, 6, 7, 3, n -> {});
        assertThat(three.summary()).isEqualTo(one.summary());
        for (int r = 0; r < 6; r++) {
            assertThat(three.runs().get(r).series()).isDeepEqualTo(one.runs().get(r).series());
        }
        assertThat(three.bands().of(Metric.PRICE, Bands.MEDIAN)).containsExactly(one.bands().of(Metric.PRICE, Bands.MEDIAN));
    }

    @Test
    void anotherSeedGivesAnotherResultAndRunsDifferFromEachOther() throws InterruptedException {
        var a = MonteCarlo.run(SMALL, 3, 7, 2, n -> {});
        var b = MonteCarlo.run(SMALL, 3, 8, 2, n -> {});
        assertThat(b.summary().medianFinalPrice()).isNotEqualTo(a.summary().medianFinalPrice());
        assertThat(a.runs().get(0).last(Metric.PRICE)).isNotEqualTo(a.runs().get(1).last(Metric.PRICE));
    }

    @Test
    void bandsAreOrderedP10MedianP90() throws InterruptedException {
        var result = MonteCarlo.run(SMALL, 5, 3, 2, n -> {});
        double[] p10 = result.bands().of(Metric.PRICE, Bands.P10);
        double[] median = result.bands().of(Metric.PRICE, Bands.MEDIAN);
        double[] p90 = result.bands().of(Metric.PRICE, Bands.P90);
        for (int t = 0; t < p10.length; t++) {
            assertThat(p10[t]).isLessThanOrEqualTo(median[t]);
            assertThat(median[t]).isLessThanOrEqualTo(p90[t]);
        }
    }

    @Test
    void percentilesInterpolateBetweenOrderStatistics() {
        assertThat(Percentiles.sorted(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(Percentiles.sorted(new double[] {0, 10}, 0.1)).isEqualTo(1.0);
        assertThat(Percentiles.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
