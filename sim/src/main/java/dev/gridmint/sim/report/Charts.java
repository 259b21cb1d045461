package dev.gridmint.sim.report;

import dev.gridmint.sim.analysis.Bands;
import dev.gridmint.sim.engine.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The seven charts, each the median with its P10–P90 band over epochs, as PNG. */
public final class Charts {

    /** The charted metrics, in the report's order. */
    public static final List<Metric> CHARTED = List.of(Metric.PRICE, Metric.CIRCULATING, Metric.NET_EMISSION,
            Metric.PROVIDERS, Metric.MARGIN_MEDIAN, Metric.BURN_MINT, Metric.COLLATERAL);

    private static final int MAX_POINTS = 1_000;

    private Charts() {}

    /** The file name of a metric's chart. */
    public static String fileName(Metric metric) {
        return metric.column() + ".png";
    }

    public static void write(Bands bands, Metric metric, String subtitle, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(metric.title() + " — " + subtitle)
                .xAxisTitle("epoch (day)").yAxisTitle(metric.column()).build();
        chart.getStyler().setMarkerSize(0);
        int stride = Math.max(1, bands.epochs() / MAX_POINTS);
        int n = (bands.epochs() + stride - 1) / stride;
        double[] x = new double[n];
        double[][] y = new double[3][n];
        for (int k = 0; k < n; k++) {
            int t = Math.min(bands.epochs() - 1, k * stride);
            x[k] = t;
            for (int band = 0; band < 3; band++) {
                y[band][k] = bands.of(metric, band)[t];
            }
        }
        addLine(chart, "P90", x, y[Bands.P90]);
        addLine(chart, "median", x, y[Bands.MEDIAN]);
        addLine(chart, "P10", x, y[Bands.P10]);
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addLine(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
}
