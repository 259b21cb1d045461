package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.DeathSpiral;
import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.analysis.Summary;
import dev.gridmint.sim.engine.Metric;
import java.util.List;
import java.util.Locale;

/** The Markdown report: the summary table of every scenario run, then each scenario's charts and spiral flag. */
public final class MarkdownReport {

    private MarkdownReport() {}

    /** {@code chartDir.apply(result)} is the folder, relative to the report, holding that result's charts. */
    public static String render(List<ScenarioResult> results, long seed, java.util.function.Function<ScenarioResult, String> chartDir) {
        var out = new StringBuilder("# Gridmint tokenomics simulation\n\n");
        out.append(String.format(Locale.ROOT, "Seed %d. Daily epochs; every economic step runs through core's ledger rules."
                + " Bands are P10 / median / P90 across the Monte Carlo runs. See docs/simulator.md.%n%n", seed));
        out.append("| scenario | design | runs | years | death spiral | spiral share | literal-rule share | first spiral epoch"
                + " | median final price (USD) | provider retention | net emission share |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScenarioResult result : results) {
            Summary s = result.summary();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %s | %.2f | %.2f | %s | %.4f | %.2f | %.2f |%n",
                    s.scenario(), s.design(), s.runs(), s.epochs() / 365.0, s.deathSpiral() ? "**yes**" : "no", s.spiralShare(),
                    share(result, DeathSpiral.LITERAL), s.firstSpiralEpoch() < 0 ? "–" : Integer.toString(s.firstSpiralEpoch()),
                    s.medianFinalPrice(), s.providerRetention(), s.netEmissionShare()));
        }
        out.append("\nThe death-spiral flag (spec (b)): B/E < 0.2, the median provider's four-epoch margin < 0, providers down 5%"
                + " or more in the epoch, and sell > buy, all in one epoch; the scenario is flagged when at least half its runs are."
                + " The literal-rule column asks for the median daily margin to be negative four epochs running instead.\n");
        for (ScenarioResult result : results) {
            Summary s = result.summary();
            out.append("\n## ").append(s.scenario()).append(" (").append(s.design()).append(")\n\n");
            out.append(s.deathSpiral()
                    ? String.format(Locale.ROOT, "**Death spiral**: %.0f%% of runs flagged, median first epoch %d.%n%n",
                            100 * s.spiralShare(), s.firstSpiralEpoch())
                    : String.format(Locale.ROOT, "No death spiral: %.0f%% of runs flagged.%n%n", 100 * s.spiralShare()));
            for (Metric metric : Charts.CHARTED) {
                out.append("![").append(metric.title()).append("](").append(chartDir.apply(result)).append('/')
                        .append(Charts.fileName(metric)).append(")\n\n");
            }
        }
        return out.toString();
    }

    /** The share of a result's runs that {@code rule} flags. */
    static double share(ScenarioResult result, DeathSpiral rule) {
        return result.runs().stream().filter(r -> rule.firstEpoch(r).isPresent()).count() / (double) result.runs().size();
    }
}
