package dev.gridmint.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.EpochTrace;
import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.Simulation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Render (RNP-001, RNP-006): the emission pool is 107,374,182 RENDER, 20% of the supply; year
 * one emits 9,126,804 RENDER, 760,567 a month, and node operators get half of the network's half,
 * 190,142 a month. A simulated year with the parameters set to match pays the same, to the whole
 * token.
 *
 * <p>The mapping. Gridmint's provider pool is Render's node-operator share of the emission pool
 * (25% of 20% of 536,870,912 = 500 bps of the supply), emitting 8.5% of itself in year one
 * (9,126,804 / 107,374,182 = 8.49999986%, the nearest whole bps). Gridmint's second schedule,
 * the checkers', stands for the rest of Render's emission (Foundation, liquidity, artists); it is
 * linear, so it is set to pay the other 75% of year one's 8.5% (1.275% of the supply a year, 1275
 * bps over ten years). Only year one is calibrated: Render front-loads years two to five, which
 * neither of Gridmint's schedules expresses.
 */
class RenderCalibrationTest {

    private static final double MICRO = 1e6;
    /** 2^29 RENDER: the supply of which 20% rounds down to RNP-001's 107,374,182. */
    private static final long MAX_SUPPLY = 536_870_912L * 1_000_000L;

    private static SimConfig render() {
        var d = EconomyParams.DEFAULTS;
        var token = new TokenParams(MAX_SUPPLY, 500, 1_275);
        var emission = new EmissionParams(86_400, 850, 6_000, 1, 10, 10, 8_000, 100);
        // Emission-only: Render's figures are the schedule, with no burn re-minted on top.
        return new SimConfig(new EconomyParams(token, d.credits(), emission, d.staking(), d.slashing()),
                Design.EMISSION_ONLY, Scenarios.NEUTRAL, AgentParams.DEFAULTS.scaledTo(10), 365);
    }

    @Test
    void yearOneEmits760567AMonthOfWhich190142GoToNodeOperators() {
        var config = render();
        List<EpochTrace> traces = Simulation.trace(config, new SplittableRandom(3));
        double[] emitted = Simulation.run(config, new SplittableRandom(3)).of(Metric.EMISSION);

        long operators = 0;
        long others = 0;
        for (EpochTrace t : traces) {
            assertThat(t.released()).as("no burn, no net emission").isZero();
            long paidToProviders = t.work() + t.availability();
            assertThat(paidToProviders).isBetween(t.scheduled() - 2L * t.providers().size(), t.scheduled());
            operators += t.scheduled();
            // The run records providers' pay plus the checkers' emission, in GRID; back to micro units exactly.
            others += Math.round(emitted[(int) t.epoch()] * MICRO) - paidToProviders;
        }
        long total = operators + others;

        // A month is a twelfth of the year, as RNP-006 divides it (9,126,804 / 12 = 760,567).
        double monthly = total / 12.0 / MICRO;
        double operatorsMonthly = operators / 12.0 / MICRO;
        // Exactly what core's schedule gives in daily epochs: each epoch rounds down to the micro-RENDER.
        assertThat(total).isEqualTo(9_126_805_503_525L);
        assertThat(operators).isEqualTo(2_281_701_375_790L);
        // Render publishes whole tokens; ours are 760,567.125 and 190,141.781, within half a token of them.
        assertThat(monthly).isCloseTo(760_567, within(0.5));
        assertThat(operatorsMonthly).isCloseTo(190_142, within(0.5));
        assertThat((double) operators / total).isCloseTo(0.25, within(1e-9));
    }
}
