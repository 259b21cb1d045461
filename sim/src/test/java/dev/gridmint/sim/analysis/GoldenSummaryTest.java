package dev.gridmint.sim.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import org.junit.jupiter.api.Test;

/**
 * Fixes a seeded scenario's summary, so that a change to the model or to core's rules that moves
 * the outcome is seen and its new figures are a conscious update here. The tolerance only absorbs
 * last-bit differences of {@code Math.exp} and friends between JVMs.
 */
class GoldenSummaryTest {

    @Test
    void aSeededNeutralYearHasTheseFigures() throws InterruptedException {
        var config = new SimConfig(EconomyParams.DEFAULTS, Design.BME_STAKING, Scenarios.NEUTRAL,
                AgentParams.DEFAULTS.withInitialProviders(30), 365);
        Summary s = MonteCarlo.run(config, 4, 11, 2, n -> {}).summary();
        assertThat(s.deathSpiral()).isFalse();
        assertThat(s.spiralShare()).isZero();
        assertThat(s.firstSpiralEpoch()).isEqualTo(-1);
        assertThat(s.medianFinalPrice()).isCloseTo(0.03507500830852649, withinPercentage(1e-6));
        assertThat(s.providerRetention()).isCloseTo(6.15, withinPercentage(1e-6));
        assertThat(s.netEmissionShare()).isCloseTo(-0.3287843455741202, withinPercentage(1e-6));
        assertThat(s.medianFinalProviders()).isEqualTo(184.5);
    }
}
