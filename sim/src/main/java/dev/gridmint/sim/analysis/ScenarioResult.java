package dev.gridmint.sim.analysis;

import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.Metric;
import dev.gridmint.sim.engine.RunResult;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/** A scenario's Monte Carlo outcome: every run, the bands across them, each run's first spiral epoch, and the summary. */
public record ScenarioResult(SimConfig config, List<RunResult> runs, Bands bands, int[] firstSpiral, Summary summary) {

    /** Aggregates runs given in run-index order (so the result does not depend on which thread ran which). */
    public static ScenarioResult of(SimConfig config, List<RunResult> runs, DeathSpiral rule) {
        int n = runs.size();
        int[] first = new int[n];
        double[] finalPrice = new double[n];
        double[] retention = new double[n];
        double[] netShare = new double[n];
        double[] finalProviders = new double[n];
        int flagged = 0;
        for (int r = 0; r < n; r++) {
            RunResult run = runs.get(r);
            OptionalInt spiral = rule.firstEpoch(run);
            first[r] = spiral.orElse(-1);
            flagged += spiral.isPresent() ? 1 : 0;
            finalPrice[r] = run.last(Metric.PRICE);
            finalProviders[r] = run.last(Metric.PROVIDERS);
            retention[r] = run.initialProviders() == 0 ? 0 : run.last(Metric.PROVIDERS) / run.initialProviders();
            double emitted = Arrays.stream(run.of(Metric.EMISSION)).sum();
            double net = Arrays.stream(run.of(Metric.NET_EMISSION)).sum();
            netShare[r] = emitted == 0 ? 0 : net / emitted;
        }
        double share = (double) flagged / n;
        int firstEpoch = flagged == 0 ? -1
                : (int) Math.round(Percentiles.median(Arrays.stream(first).filter(e -> e >= 0).asDoubleStream().toArray()));
        var summary = new Summary(config.scenario().name(), config.design().cliName(), n, config.epochs(), share >= 0.5,
                share, firstEpoch, Percentiles.median(finalPrice), Percentiles.median(retention), Percentiles.median(netShare),
                Percentiles.median(finalProviders));
        return new ScenarioResult(config, List.copyOf(runs), Bands.of(runs), first, summary);
    }
}
