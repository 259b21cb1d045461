package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.Bands;
import dev.gridmint.sim.engine.Metric;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** Per-epoch P10, median and P90 of every metric, one row per epoch: {@code epoch,price_usd_p10,price_usd_median,…}. */
public final class CsvReport {

    private CsvReport() {}

    public static void write(Bands bands, Writer out) throws IOException {
        var header = new StringBuilder("epoch");
        for (Metric metric : Metric.values()) {
            header.append(',').append(metric.column()).append("_p10")
                    .append(',').append(metric.column()).append("_median")
                    .append(',').append(metric.column()).append("_p90");
        }
        out.write(header.append('\n').toString());
        var row = new StringBuilder();
        for (int t = 0; t < bands.epochs(); t++) {
            row.setLength(0);
            row.append(t);
            for (Metric metric : Metric.values()) {
                for (int band = Bands.P10; band <= Bands.P90; band++) {
                    row.append(',').append(String.format(Locale.ROOT, "%.6g", bands.of(metric, band)[t]));
                }
            }
            out.write(row.append('\n').toString());
        }
    }
}
