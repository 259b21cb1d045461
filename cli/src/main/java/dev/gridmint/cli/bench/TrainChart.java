package dev.gridmint.cli.bench;

import dev.gridmint.workloads.diloco.LossPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The validation-loss curves of the training bench's runs, one series per trainer, as a PNG. */
final class TrainChart {

    private TrainChart() {
    }

    static void writePng(Map<String, List<LossPoint>> curves, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("Validation loss (nats per character) by optimizer steps per worker")
                .xAxisTitle("steps per worker").yAxisTitle("validation loss").build();
        curves.forEach((name, curve) -> chart.addSeries(name,
                curve.stream().mapToDouble(LossPoint::step).toArray(),
                curve.stream().mapToDouble(LossPoint::validationLoss).toArray()));
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
