package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The claim's vector kernel ({@link VectorClaim}) gives the scalar loop's results to the bit:
 * every series of every design and scenario, with exits, entries and slashes (several in a block,
 * from the first epoch on). The tests run with the Vector API module; without it (or without
 * vector hardware) both runs are scalar and the test is trivially true.
 */
class VectorClaimTest {

    @Test
    void theKernelReproducesTheScalarLoop() {
        assertThat(Simulation.VECTOR).as("surefire adds jdk.incubator.vector").isTrue();
        for (Design design : Design.values()) {
            for (Scenario scenario : Scenarios.ALL) {
                for (double fault : new double[] {0.002, 0.05}) {
                    var agents = AgentParams.DEFAULTS.scaledTo(1_203).withMaxProviders(1_400).withFaultProbability(fault);
                    var config = new SimConfig(EconomyParams.DEFAULTS.scaledTo(AgentParams.DEFAULTS.scale(1_203)), design,
                            scenario, agents, 240);
                    RunResult scalar = Simulation.run(config, new SplittableRandom(11), false);
                    RunResult vector = Simulation.run(config, new SplittableRandom(11), true);
                    assertThat(vector.series()).as(design + " " + scenario.name() + " " + fault)
                            .isDeepEqualTo(scalar.series());
                }
            }
        }
    }
}
