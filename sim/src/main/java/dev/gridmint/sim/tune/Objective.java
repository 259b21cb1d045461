package dev.gridmint.sim.tune;

import dev.gridmint.sim.analysis.MonteCarlo;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.SimConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * What a candidate economy is scored on: {@code runs} seeded Monte Carlo runs of every economy scenario and every
 * control. Every candidate gets the same base seed, hence the same run seeds and the same demand, market and agent
 * draws (common random numbers): two candidates differ only by their parameters, not by their luck.
 *
 * @param scenarios the economy scenarios, which must not spiral
 * @param controls the scenarios that must spiral (speculative-only: a token held up by speculation alone)
 * @param design the token design
 * @param agents the agents and the opening market
 * @param epochs daily epochs per run
 * @param runs Monte Carlo runs per scenario
 * @param seed the base seed of every scenario's runs
 * @param threads worker threads for the runs (the outcome does not depend on it)
 */
public record Objective(List<Scenario> scenarios, List<Scenario> controls, Design design, AgentParams agents, int epochs,
        int runs, long seed, int threads) {

    public Objective {
        scenarios = List.copyOf(scenarios);
        controls = List.copyOf(controls);
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(agents, "agents");
        if (scenarios.isEmpty() || runs < 1 || threads < 1 || epochs < 1) {
            throw new IllegalArgumentException("the objective needs a scenario, and positive runs, threads and epochs");
        }
    }

    /** Simulation runs one evaluation takes. */
    public int runsPerEvaluation() {
        return runs * (scenarios.size() + controls.size());
    }

    /** Scores {@code economy}; {@code onRunDone} hears of every finished run (from any thread). */
    public Score evaluate(EconomyParams economy, IntConsumer onRunDone) throws InterruptedException {
        List<ScenarioScore> scores = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            scores.add(score(economy, scenario, false, onRunDone));
        }
        for (Scenario control : controls) {
            scores.add(score(economy, control, true, onRunDone));
        }
        return Score.of(scores);
    }

    private ScenarioScore score(EconomyParams economy, Scenario scenario, boolean control, IntConsumer onRunDone)
            throws InterruptedException {
        var config = new SimConfig(economy, design, scenario, agents, epochs);
        return ScenarioScore.of(MonteCarlo.run(config, runs, seed, threads, onRunDone), control);
    }
}
