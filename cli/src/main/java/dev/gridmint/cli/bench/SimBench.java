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
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Simulator throughput against issue 10's goal: ten years of daily epochs, 100,000 provider
 * agents and 60 Monte Carlo runs in under 60 s (the defaults). The neutral scenario with the
 * default economy, the world scaled to the provider count (demand, market depth, genesis and max
 * supply grow with it, so each provider sees the default world) and the population capped at
 * that count, so that the agents simulated are the ones asked for; runs spread over the threads.
 * Agent-epochs are counted from the runs themselves, so a run whose providers left counts less.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Provider-epochs per second of the tokenomics simulator; the defaults are issue 10's goal.",
                "Example: gridmint bench sim --providers 100000 --years 1 --runs 2 --json"})
final class SimBench implements Callable<Integer> {

    /** The goal: 100,000 providers, 10 years, 60 runs in under this many seconds. */
    static final int GOAL_S = 60;
    static final int GOAL_PROVIDERS = 100_000;
    static final int GOAL_YEARS = 10;
    static final int GOAL_RUNS = 60;

    @Option(names = "--providers", defaultValue = "100000",
            description = "Providers at genesis, and at most (default ${DEFAULT-VALUE}).")
    int providers;

    @Option(names = "--years", defaultValue = "10", description = "Years of daily epochs (default ${DEFAULT-VALUE}).")
    int years;

    @Option(names = "--runs", defaultValue = "60", description = "Monte Carlo runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threads", description = "Threads to run the runs on (default: the cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        // The scaled max supply must stay within TokenParams' bound (Long.MAX_VALUE / 4 micro-GRID): 2,300 × the default.
        if (providers < 1 || providers > 200_000 || years < 1 || years > 50 || runs < 1 || runs > 1_000
                || (threads != null && (threads < 1 || threads > 256))) {
            throw new UserError("--providers must be 1..200000, --years 1..50, --runs 1..1000 and --threads 1..256");
        }
        var base = AgentParams.DEFAULTS;
        var agents = base.scaledTo(providers).withMaxProviders(providers);
        var economy = EconomyParams.DEFAULTS.scaledTo(base.scale(providers));
        var config = new SimConfig(economy, Design.BME_STAKING, Scenarios.NEUTRAL, agents, years * 365);
        int cores = Runtime.getRuntime().availableProcessors();
        int pool = Math.min(runs, threads == null ? cores : threads);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        dev.gridmint.sim.analysis.ScenarioResult result;
        try (var bar = new ProgressBar("Simulating", runs)) {
            result = MonteCarlo.run(config, runs, seed, pool, n -> bar.stepBy(n));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        // CPU seconds of the whole process: on a shared machine, cpu_s / threads is what the wall would be alone.
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double agentEpochs = 0;
        for (RunResult run : result.runs()) {
            agentEpochs += Arrays.stream(run.of(Metric.PROVIDERS)).sum();
        }
        boolean goalCase = providers >= GOAL_PROVIDERS && years >= GOAL_YEARS && runs >= GOAL_RUNS;
        var figures = new LinkedHashMap<String, Object>();
        figures.put("providers", providers);
        figures.put("epochs", config.epochs());
        figures.put("runs", runs);
        figures.put("threads", pool);
        figures.put("cores", cores);
        figures.put("agent_epochs", Math.round(agentEpochs));
        figures.put("mean_providers", Math.round(agentEpochs / ((double) runs * config.epochs())));
        figures.put("agent_epochs_per_s", Math.round(agentEpochs / wall));
        figures.put("wall_s", Math.round(wall * 100) / 100.0);
        figures.put("cpu_s", Math.round(cpu * 100) / 100.0);
        figures.put("goal_s", GOAL_S);
        figures.put("meets_goal", goalCase && wall < GOAL_S);
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%n%,.0f provider-epochs (%,d providers on average) in %.2f s: %,.0f per second, %d runs on %d "
                    + "threads%n", agentEpochs, Math.round(agentEpochs / ((double) runs * config.epochs())), wall,
                    agentEpochs / wall, runs, pool);
            System.out.printf("Goal: %,d providers × %d years × %d runs in under %d s: %s%n", GOAL_PROVIDERS, GOAL_YEARS,
                    GOAL_RUNS, GOAL_S, !goalCase ? "not this case" : wall < GOAL_S ? "met" : "not met");
        }
        return 0;
    }
}
