package dev.gridmint.sim.config;

import java.util.Objects;

/** One simulation's inputs: the economy's rules, the design, the world and the agents, and its length. */
public record SimConfig(EconomyParams economy, Design design, Scenario scenario, AgentParams agents, int epochs) {

    public SimConfig {
        Objects.requireNonNull(economy, "economy");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(agents, "agents");
        if (epochs < 1 || epochs > 100 * 365) {
            throw new IllegalArgumentException("epochs must be 1..36500: " + epochs);
        }
        if (economy.emission().epochSeconds() != 86_400) {
            throw new IllegalArgumentException("the simulator runs daily epochs; the epoch length must be 86400 s");
        }
    }

    /** The defaults for a scenario: the default economy with staking, over {@code years} of daily epochs. */
    public static SimConfig defaults(Scenario scenario, Design design, int years) {
        return new SimConfig(EconomyParams.DEFAULTS, design, scenario, AgentParams.DEFAULTS, years * 365);
    }
}
