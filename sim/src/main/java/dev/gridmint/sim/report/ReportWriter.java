package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.engine.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a report folder: {@code report.md}, and per scenario and design a folder with {@code
 * bands.csv} and the charts.
 */
public final class ReportWriter {

    private ReportWriter() {}

    public static Path write(List<ScenarioResult> results, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (ScenarioResult result : results) {
            Path sub = dir.resolve(folder(result));
            Files.createDirectories(sub);
            try (var writer = Files.newBufferedWriter(sub.resolve("bands.csv"), StandardCharsets.UTF_8)) {
                CsvReport.write(result.bands(), writer);
            }
            String subtitle = result.summary().scenario() + ", " + result.summary().design();
            for (Metric metric : Charts.CHARTED) {
                Charts.write(result.bands(), metric, subtitle, sub.resolve(Charts.fileName(metric)));
            }
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, MarkdownReport.render(results, seed, ReportWriter::folder), StandardCharsets.UTF_8);
        return report;
    }

    /** {@code bear-bme-staking}: one folder per scenario and design. */
    public static String folder(ScenarioResult result) {
        return result.summary().scenario() + "-" + result.summary().design();
    }
}
