package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Slashes from the first epoch on, up to every provider every epoch: the deviations a slash
 * leaves in a provider's margin window must be read only within its life (this once read a
 * slot before epoch 0), and a run stays reproducible.
 */
class SlashingRunTest {

    @Test
    void frequentSlashesFromTheFirstEpochRunAndReproduce() {
        for (double p : new double[] {1.0, 0.3}) {
            var config = new SimConfig(EconomyParams.DEFAULTS, Design.BME_STAKING, Scenarios.BEAR,
                    AgentParams.DEFAULTS.withInitialProviders(40).withFaultProbability(p), 60);
            RunResult a = Simulation.run(config, new SplittableRandom(5));
            RunResult b = Simulation.run(config, new SplittableRandom(5));
            assertThat(b.series()).isDeepEqualTo(a.series());
            assertThat(a.of(Metric.PROVIDERS)[0]).isPositive();
        }
    }
}
