package dev.gridmint.sim.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.RunResult;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every scenario under every design runs two seeded years without breaking a rule or producing a non-finite figure. */
class ScenarioSweepTest {

    @ParameterizedTest
    @EnumSource(Design.class)
    void everyScenarioRunsCleanly(Design design) throws InterruptedException {
        for (Scenario scenario : Scenarios.ALL) {
            var result = MonteCarlo.run(SimConfig.defaults(scenario, design, 2), 2, 5, 2, n -> {});
            for (RunResult run : result.runs()) {
                for (Metric metric : Metric.values()) {
                    assertThat(Arrays.stream(run.of(metric))).as(scenario.name() + " " + metric).allMatch(Double::isFinite);
                }
                assertThat(Arrays.stream(run.of(Metric.PRICE))).as(scenario.name()).allMatch(p -> p > 0);
                assertThat(Arrays.stream(run.of(Metric.PROVIDERS))).allMatch(p -> p >= 0);
                assertThat(Arrays.stream(run.of(Metric.CIRCULATING))).allMatch(c -> c > 0);
            }
        }
    }
}
