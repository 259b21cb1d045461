package dev.gridmint.sim.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import org.junit.jupiter.api.Test;

/**
 * The acceptance: the default economy survives a bear market, and a token with no usage
 * demand spirals. Seeded, and shorter than the CLI's defaults to stay fast: speculative-only
 * spirals at the first emission step-down (epoch 365), and the bear runs cover four years.
 */
class ScenarioFlagTest {

    @Test
    void speculativeOnlyIsFlagged() throws InterruptedException {
        var result = MonteCarlo.run(SimConfig.defaults(Scenarios.SPECULATIVE_ONLY, Design.BME_STAKING, 2), 8, 1, 2, n -> {});
        assertThat(result.summary().deathSpiral()).isTrue();
        assertThat(result.summary().spiralShare()).isGreaterThanOrEqualTo(0.5);
        assertThat(result.summary().firstSpiralEpoch()).isBetween(300, 400);
    }

    @Test
    void theDefaultEconomyUnderBearIsNotFlagged() throws InterruptedException {
        var result = MonteCarlo.run(SimConfig.defaults(Scenarios.BEAR, Design.BME_STAKING, 4), 8, 1, 2, n -> {});
        assertThat(result.summary().deathSpiral()).isFalse();
        assertThat(result.summary().providerRetention()).isGreaterThan(0.5);
    }
}
