package dev.gridmint.cli.sim;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenario;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.tune.Objective;
import dev.gridmint.sim.tune.ParamsFile;
import dev.gridmint.sim.tune.ScenarioScore;
import dev.gridmint.sim.tune.Score;
import dev.gridmint.sim.tune.SearchSpace;
import dev.gridmint.sim.tune.TuneResult;
import dev.gridmint.sim.tune.Tuner;
import dev.gridmint.sim.tune.TunedParam;
import java.io.IOException;
import java.nio.file.Files;
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

@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Searches the incentive parameters (emission decay, fee, spread, work share, stake unit,"
                + " net-emission cap) with CMA-ES for provider retention, price stability and utilisation, with no death"
                + " spiral in any economy scenario while the speculative-only control stays flagged. Prints the tuned"
                + " settings beside the defaults with their scores, and writes them as a genesis parameter file"
                + " (gridmint genesis --params FILE).",
                "Example: gridmint sim tune --evaluations 24 --runs 4 --years 3 --out tuned-params.properties"})
final class SimTuneCommand implements Callable<Integer> {

    static final String DEFAULT_SCENARIOS = "bear,neutral,demand-shock,cost-inflation,unlock-shock,enterprise";

    @Option(names = "--scenarios", defaultValue = DEFAULT_SCENARIOS, paramLabel = "NAME", split = ",",
            description = "Economy scenarios that must not spiral (default ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--controls", defaultValue = "speculative-only", paramLabel = "NAME", split = ",",
            description = "Control scenarios that must stay flagged as spirals; 'none' for none (default ${DEFAULT-VALUE}).")
    List<String> controls;

    @Option(names = "--design", defaultValue = "bme-staking", paramLabel = "NAME",
            description = "emission-only, bme or bme-staking (default ${DEFAULT-VALUE}).")
    String design;

    @Option(names = "--runs", defaultValue = "4",
            description = "Monte Carlo runs per scenario and candidate, the same seeds for every candidate (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--years", defaultValue = "3", description = "Years of daily epochs per run (default ${DEFAULT-VALUE}).")
    int years;

    @Option(names = "--evaluations", defaultValue = "40",
            description = "Candidates CMA-ES may score, besides the defaults (default ${DEFAULT-VALUE}).")
    int evaluations;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the runs and the optimiser (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--out", defaultValue = "tuned-params.properties", paramLabel = "FILE",
            description = "Where to write the tuned genesis parameter file; replaced if it exists (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print the result as one line of JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Objective objective = objective();
        if (evaluations < 0 || evaluations > 100_000) {
            throw new UserError("--evaluations must be 0..100000");
        }
        SearchSpace space = SearchSpace.ISSUE_10;
        TuneResult result;
        long total = (long) (evaluations + 1) * objective.runsPerEvaluation();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Tuning").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build()) {
            result = Tuner.tune(space, EconomyParams.DEFAULTS, objective, evaluations, seed, new Tuner.Progress() {
                @Override
                public void runsDone(int n) {
                    bar.stepBy(n);
                }

                @Override
                public void evaluated(int index, Score best) {
                    bar.setExtraMessage(String.format(" candidate %d, best %.4f", index, best.total()));
                }
            });
            bar.stepTo(total);
        }
        Files.writeString(out, ParamsFile.render(space, result.tunedValues(), comments(result)));
        if (json) {
            JsonOut.print(System.out, jsonOf(result));
        } else {
            print(result);
        }
        return 0;
    }

    private Objective objective() {
        if (runs < 1 || runs > 1_000 || years < 1 || years > 50) {
            throw new UserError("--runs must be 1..1000 and --years 1..50");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > 1_024) {
            throw new UserError("--threads must be 1..1024");
        }
        Design chosen = Design.byName(design).orElseThrow(() -> new UserError("unknown design '" + design + "'; one of "
                + String.join(", ", Arrays.stream(Design.values()).map(Design::cliName).toList())));
        List<Scenario> economy = scenarioList(scenarios, "--scenarios");
        List<Scenario> control = controls.equals(List.of("none")) ? List.of() : scenarioList(controls, "--controls");
        if (economy.isEmpty()) {
            throw new UserError("--scenarios names no scenario");
        }
        if (economy.stream().anyMatch(control::contains)) {
            throw new UserError("a scenario cannot be both in --scenarios (must not spiral) and in --controls (must spiral)");
        }
        return new Objective(economy, control, chosen, AgentParams.DEFAULTS, years * 365, runs, seed, workers);
    }

    private static List<Scenario> scenarioList(List<String> names, String option) {
        List<Scenario> list = new ArrayList<>();
        for (String name : names) {
            Scenario s = Scenarios.byName(name.strip()).orElseThrow(() -> new UserError(option + ": unknown scenario '"
                    + name.strip() + "'; one of " + String.join(", ", Scenarios.names())));
            if (!list.contains(s)) {
                list.add(s);
            }
        }
        return list;
    }

    private List<String> comments(TuneResult result) {
        return List.of(
                "Gridmint genesis parameters tuned by: gridmint sim tune --scenarios " + String.join(",", scenarios)
                        + " --controls " + String.join(",", controls) + " --design " + design + " --runs " + runs
                        + " --years " + years + " --evaluations " + evaluations + " --seed " + seed,
                String.format("Score %.4f (defaults %.4f); economy scenarios spiralling %d, controls not flagged %d.",
                        result.tunedScore().total(), result.startScore().total(), result.tunedScore().spirals(),
                        result.tunedScore().controlsMissed()),
                "Use with: gridmint genesis --params FILE ... (names and units as in gridmint params propose --set).");
    }

    private void print(TuneResult result) {
        System.out.printf("%n%-28s %16s %16s%n", "parameter", "default", "tuned");
        var params = result.space().params();
        for (int i = 0; i < params.size(); i++) {
            TunedParam p = params.get(i);
            long from = result.startValues().get(i);
            long to = result.tunedValues().get(i);
            System.out.printf("%-28s %16s %16s%s%n", p.name(), p.show(from), p.show(to), from == to ? "" : "  *");
        }
        Score d = result.startScore();
        Score t = result.tunedScore();
        System.out.printf("%n%-28s %16s %16s%n", "score", "default", "tuned");
        row("retention (capped at 2x)", d.retention(), t.retention());
        row("price stability", d.priceStability(), t.priceStability());
        row("utilisation", d.utilisation(), t.utilisation());
        row("spiral penalty", -d.penalty(), -t.penalty());
        row("total", d.total(), t.total());

        System.out.printf("%n%-28s %16s %16s   %s%n", "scenario", "default spiral", "tuned spiral", "retention, stability, utilisation (tuned)");
        for (int i = 0; i < d.scenarios().size(); i++) {
            ScenarioScore ds = d.scenarios().get(i);
            ScenarioScore ts = t.scenarios().get(i);
            String name = ds.scenario() + (ds.control() ? " (control)" : "");
            System.out.printf("%-28s %16s %16s   %.2f, %.2f, %.2f%n", name, flag(ds), flag(ts), ts.retention(),
                    ts.priceStability(), ts.utilisation());
        }
        System.out.printf("%n%d evaluations (%d distinct candidates simulated), %d runs of %d years per scenario, seed %d.%n",
                result.evaluations(), result.distinct(), runs, years, seed);
        if (!t.constraintMet()) {
            System.out.println("WARNING: no candidate met the constraint (no economy spiral, every control flagged).");
        }
        System.out.println("Wrote " + out + "; use it with: gridmint genesis --params " + out + " ...");
    }

    private static void row(String name, double defaults, double tuned) {
        System.out.printf("%-28s %16.4f %16.4f%n", name, defaults, tuned);
    }

    private static String flag(ScenarioScore s) {
        return String.format("%s (%.2f)", s.deathSpiral() ? "YES" : "no", s.spiralShare());
    }

    private Map<String, Object> jsonOf(TuneResult result) {
        var map = new LinkedHashMap<String, Object>();
        map.put("seed", seed);
        map.put("design", design);
        map.put("runs", runs);
        map.put("years", years);
        map.put("evaluations", result.evaluations());
        map.put("distinct_candidates", result.distinct());
        var params = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < result.space().dimensions(); i++) {
            TunedParam p = result.space().params().get(i);
            var row = new LinkedHashMap<String, Object>();
            row.put("name", p.name());
            row.put("unit", p.unit().name().toLowerCase(java.util.Locale.ROOT));
            row.put("default", p.fileValue(result.startValues().get(i)));
            row.put("tuned", p.fileValue(result.tunedValues().get(i)));
            row.put("lower", p.fileValue(p.lower()));
            row.put("upper", p.fileValue(p.upper()));
            params.add(row);
        }
        map.put("params", params);
        map.put("default_score", jsonOf(result.startScore()));
        map.put("tuned_score", jsonOf(result.tunedScore()));
        map.put("out", out.toString());
        return map;
    }

    private static Map<String, Object> jsonOf(Score score) {
        var map = new LinkedHashMap<String, Object>();
        map.put("total", round(score.total()));
        map.put("retention", round(score.retention()));
        map.put("price_stability", round(score.priceStability()));
        map.put("utilisation", round(score.utilisation()));
        map.put("penalty", round(score.penalty()));
        map.put("spirals", score.spirals());
        map.put("controls_missed", score.controlsMissed());
        map.put("constraint_met", score.constraintMet());
        map.put("scenarios", score.scenarios().stream().map(SimTuneCommand::jsonOf).toList());
        return map;
    }

    private static Map<String, Object> jsonOf(ScenarioScore s) {
        var map = new LinkedHashMap<String, Object>();
        map.put("scenario", s.scenario());
        map.put("control", s.control());
        map.put("death_spiral", s.deathSpiral());
        map.put("spiral_share", round(s.spiralShare()));
        map.put("provider_retention", round(s.retention()));
        map.put("price_stability", round(s.priceStability()));
        map.put("utilisation", round(s.utilisation()));
        return map;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
