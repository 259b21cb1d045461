package dev.gridmint.cli.sim;

import dev.gridmint.cli.GenesisParamsFile;
import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.sim.analysis.DeathSpiral;
import dev.gridmint.sim.analysis.MonteCarlo;
import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.analysis.Summary;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs seeded Monte Carlo simulations of a scenario under a token design and flags death spirals;"
                + " with --out writes CSV bands, PNG charts, a Markdown report and a self-contained HTML report.",
                "Example: gridmint sim run --scenario bear --runs 60 --years 10 --out report/"})
final class SimRunCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "bear", paramLabel = "NAME",
            description = "bull, bear, neutral, demand-shock, unlock-shock, cost-inflation, speculative-only, enterprise,"
                    + " or all (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--design", defaultValue = "bme-staking", paramLabel = "NAME",
            description = "emission-only, bme, bme-staking, or all to compare them side by side (default ${DEFAULT-VALUE}).")
    String design;

    @Option(names = "--runs", defaultValue = "60", description = "Monte Carlo runs per scenario (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--years", defaultValue = "10", description = "Years of daily epochs (default ${DEFAULT-VALUE}).")
    int years;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed; each run's seed is drawn from it (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write report.md, report.html, and per scenario bands.csv and charts, here.")
    Path out;

    @Option(names = "--params", paramLabel = "FILE",
            description = "Run the economy of a genesis parameter file (as 'gridmint sim tune' writes it) instead of the defaults.")
    Path params;

    @Option(names = "--json", description = "Print the summary as one line of JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Scenario> scenarios = scenarios();
        List<Design> designs = designs();
        if (runs < 1 || runs > 10_000 || years < 1 || years > 50) {
            throw new UserError("--runs must be 1..10000 and --years 1..50");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > 1_024) {
            throw new UserError("--threads must be 1..1024");
        }
        EconomyParams economy = params == null ? EconomyParams.DEFAULTS : GenesisParamsFile.economy(params);
        var results = new ArrayList<ScenarioResult>();
        long total = (long) runs * scenarios.size() * designs.size();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Simulating").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build()) {
            for (Scenario s : scenarios) {
                for (Design d : designs) {
                    bar.setExtraMessage(" " + s.name() + " / " + d.cliName());
                    var config = new SimConfig(economy, d, s, AgentParams.DEFAULTS, years * 365);
                    results.add(MonteCarlo.run(config, runs, seed, workers, n -> bar.stepBy(n)));
                }
            }
        }
        Path report = out == null ? null : ReportWriter.write(results, seed, out);
        if (json) {
            List<Map<String, Object>> lines = results.stream().map(r -> jsonOf(r, report)).toList();
            JsonOut.print(System.out, lines.size() == 1 ? lines.getFirst() : lines);
        } else {
            print(results, report);
        }
        return 0;
    }

    private List<Scenario> scenarios() {
        if (scenario.equals("all")) {
            return Scenarios.ALL;
        }
        return List.of(Scenarios.byName(scenario).orElseThrow(() -> new UserError(
                "unknown scenario '" + scenario + "'; one of " + String.join(", ", Scenarios.names()) + ", or all")));
    }

    private List<Design> designs() {
        if (design.equals("all")) {
            return List.of(Design.values());
        }
        return List.of(Design.byName(design).orElseThrow(() -> new UserError("unknown design '" + design + "'; one of "
                + String.join(", ", Arrays.stream(Design.values()).map(Design::cliName).toList()) + ", or all")));
    }

    private static Map<String, Object> jsonOf(ScenarioResult result, Path report) {
        Summary s = result.summary();
        var map = new LinkedHashMap<String, Object>();
        map.put("scenario", s.scenario());
        map.put("design", s.design());
        map.put("runs", s.runs());
        map.put("epochs", s.epochs());
        map.put("death_spiral", s.deathSpiral());
        map.put("spiral_share", round(s.spiralShare()));
        map.put("spiral_share_literal", round(literalShare(result)));
        map.put("first_spiral_epoch", s.firstSpiralEpoch() < 0 ? null : s.firstSpiralEpoch());
        map.put("median_final_price", round(s.medianFinalPrice()));
        map.put("provider_retention", round(s.providerRetention()));
        map.put("net_emission_share", round(s.netEmissionShare()));
        map.put("median_final_providers", s.medianFinalProviders());
        if (report != null) {
            map.put("report", report.toString());
        }
        return map;
    }

    private static void print(List<ScenarioResult> results, Path report) {
        System.out.printf("%n%-17s %-14s %6s %7s %8s %7s %12s %10s %9s%n", "scenario", "design", "runs", "spiral", "share",
                "first", "final price", "retention", "net E/E");
        for (ScenarioResult result : results) {
            Summary s = result.summary();
            System.out.printf("%-17s %-14s %6d %7s %8.2f %7s %12.4f %10.2f %9.2f%n", s.scenario(), s.design(), s.runs(),
                    s.deathSpiral() ? "YES" : "no", s.spiralShare(), s.firstSpiralEpoch() < 0 ? "-" : s.firstSpiralEpoch(),
                    s.medianFinalPrice(), s.providerRetention(), s.netEmissionShare());
        }
        if (report != null) {
            System.out.println("\nReport: " + report + " (and " + report.resolveSibling("report.html") + ", charts embedded)");
        }
    }

    private static double literalShare(ScenarioResult result) {
        return result.runs().stream().filter(r -> DeathSpiral.LITERAL.firstEpoch(r).isPresent()).count()
                / (double) result.runs().size();
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
