package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.engine.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report folder: {@code report.md}, {@code report.html} (the same, self-contained, the
 * charts embedded), and per scenario and design a folder with {@code bands.csv} and the charts.
 */
public final class ReportWriter {

    private ReportWriter() {}

    /** Returns the path of {@code report.md}; {@code report.html} is beside it. */
    public static Path write(List<ScenarioResult> results, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, byte[]> charts = new HashMap<>();
        for (ScenarioResult result : results) {
            Path sub = dir.resolve(folder(result));
            Files.createDirectories(sub);
            try (var writer = Files.newBufferedWriter(sub.resolve("bands.csv"), StandardCharsets.UTF_8)) {
                CsvReport.write(result.bands(), writer);
            }
            String subtitle = result.summary().scenario() + ", " + result.summary().design();
            for (Metric metric : Charts.CHARTED) {
                Path chart = sub.resolve(Charts.fileName(metric));
                Charts.write(result.bands(), metric, subtitle, chart);
                charts.put(chartKey(result, metric), Files.readAllBytes(chart));
            }
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, MarkdownReport.render(results, seed, ReportWriter::folder), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"),
                HtmlReport.render(results, seed, (result, metric) -> charts.get(chartKey(result, metric))),
                StandardCharsets.UTF_8);
        return report;
    }

    private static String chartKey(ScenarioResult result, Metric metric) {
        return folder(result) + "/" + Charts.fileName(metric);
    }

    /** {@code bear-bme-staking}: one folder per scenario and design. */
    public static String folder(ScenarioResult result) {
        return result.summary().scenario() + "-" + result.summary().design();
    }
}
