package dev.gridmint.cli.devnet;

import dev.gridmint.node.api.JobTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The training loss curve as a PNG, and as a small text table for the terminal. */
final class LossChart {

    private LossChart() {}

    static void writePng(List<JobTelemetry.Point> curve, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(450).title("Training loss (cross-entropy, nats)")
                .xAxisTitle("step").yAxisTitle("loss").build();
        double[] steps = curve.stream().mapToDouble(JobTelemetry.Point::step).toArray();
        chart.addSeries("train", steps, curve.stream().mapToDouble(JobTelemetry.Point::trainLoss).toArray());
        chart.addSeries("validation", steps, curve.stream().mapToDouble(JobTelemetry.Point::valLoss).toArray());
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    static String table(List<JobTelemetry.Point> curve) {
        var out = new StringBuilder("    step   train    val\n");
        int stride = Math.max(1, curve.size() / 8);
        for (int i = 0; i < curve.size(); i++) {
            if (i % stride == 0 || i == curve.size() - 1) {
                var p = curve.get(i);
                out.append(String.format("  %6d  %6.3f  %6.3f  %s%n", p.step(), p.trainLoss(), p.valLoss(), bar(p.valLoss())));
            }
        }
        return out.toString();
    }

    private static String bar(double loss) {
        return "#".repeat((int) Math.max(0, Math.min(40, Math.round(loss * 10))));
    }
}
