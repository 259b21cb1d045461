package dev.gridmint.cli.bench;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.sim.analysis.MonteCarlo;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.RunResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Simulator throughput: provider-epochs per second of the neutral scenario with the default
 * economy, the agents scaled to the provider count asked for (demand and market depth grow with
 * it), every run on its own thread. Agent-epochs are counted from the runs themselves.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Provider-epochs per second of the tokenomics simulator.",
                "Example: gridmint bench sim --providers 100000 --years 1 --runs 2 --json"})
final class SimBench implements Callable<Integer> {

    @Option(names = "--providers", defaultValue = "100000", description = "Providers at genesis (default ${DEFAULT-VALUE}).")
    int providers;

    @Option(names = "--years", defaultValue = "1", description = "Years of daily epochs (default ${DEFAULT-VALUE}).")
    int years;

    @Option(names = "--runs", defaultValue = "2", description = "Monte Carlo runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (providers < 1 || providers > 1_000_000 || years < 1 || years > 50 || runs < 1 || runs > 1_000) {
            throw new UserError("--providers must be 1..1000000, --years 1..50 and --runs 1..1000");
        }
        var agents = AgentParams.DEFAULTS.scaledTo(providers);
        var config = new SimConfig(EconomyParams.DEFAULTS, Design.BME_STAKING, Scenarios.NEUTRAL, agents, years * 365);
        int cores = Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        dev.gridmint.sim.analysis.ScenarioResult result;
        try (var bar = new ProgressBar("Simulating", runs)) {
            result = MonteCarlo.run(config, runs, seed, cores, n -> bar.stepBy(n));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double agentEpochs = 0;
        for (RunResult run : result.runs()) {
            agentEpochs += Arrays.stream(run.of(Metric.PROVIDERS)).sum();
        }
        var figures = new LinkedHashMap<String, Object>();
        figures.put("providers", providers);
        figures.put("epochs", config.epochs());
        figures.put("runs", runs);
        figures.put("agent_epochs", Math.round(agentEpochs));
        figures.put("agent_epochs_per_s", Math.round(agentEpochs / wall));
        figures.put("wall_s", Math.round(wall * 100) / 100.0);
        figures.put("cores", cores);
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%n%,.0f provider-epochs in %.2f s: %,.0f per second on %d cores%n", agentEpochs, wall,
                    agentEpochs / wall, cores);
        }
        return 0;
    }
}
