package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuUsageTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = GpuUsageTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesTheQueryTableOfAFourGpuMachine() throws IOException {
        var readings = GpuUsage.parse(fixture("query-gpu-h100x4.csv")).orElseThrow();

        assertThat(readings).hasSize(4);
        assertThat(readings.getFirst()).isEqualTo(
                new GpuUsage.GpuReading(0, "GPU-5c8e7a1b-3f2d-4e6a-9b1c-7d0e2f4a6b8c", 97, 74_213));
        assertThat(readings.get(3).utilizationPercent()).isEqualTo(100);
    }

    @Test
    void countsOnlyThePinnedGpusTheDriverReports() throws IOException {
        var readings = GpuUsage.parse(fixture("query-gpu-h100x4.csv")).orElseThrow();

        assertThat(GpuUsage.inUse(readings, List.of(1, 3))).isEqualTo(2);
        assertThat(GpuUsage.inUse(readings, List.of(3, 7))).isEqualTo(1);
        assertThat(GpuUsage.inUse(readings, List.of())).isZero();
    }

    @Test
    void aMigInstanceWithoutUtilisationReadsAsZero() throws IOException {
        var readings = GpuUsage.parse(fixture("query-gpu-mig.csv")).orElseThrow();

        assertThat(readings).singleElement().extracting(GpuUsage.GpuReading::utilizationPercent).isEqualTo(0);
    }

    @Test
    void aDriverErrorIsNoReading() throws IOException {
        assertThat(GpuUsage.parse(fixture("driver-error.txt"))).isEmpty();
        assertThat(GpuUsage.parse("0, GPU-x, lots, 5")).isEmpty();
    }

    @Test
    void gpuSecondsAreBilledForPinnedGpusOverTime() {
        var samples = List.of(new UsageSample(0, 0, 0, 0, 2, 0), new UsageSample(1500, 0, 0, 0, 2, 0));

        assertThat(Metering.total(samples).gpuSeconds()).isEqualTo(3.0);
    }
}
