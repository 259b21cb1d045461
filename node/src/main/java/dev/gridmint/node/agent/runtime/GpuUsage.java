package dev.gridmint.node.agent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPU readings from {@code nvidia-smi --query-gpu=index,uuid,utilization.gpu,memory.used
 * --format=csv,noheader,nounits}. A job is billed GPU-seconds for the GPUs pinned to it that the
 * driver still reports, whatever their utilisation: the GPU is the job's while it runs.
 */
public final class GpuUsage {

    public static final List<String> QUERY = List.of("nvidia-smi", "--query-gpu=index,uuid,utilization.gpu,memory.used",
            "--format=csv,noheader,nounits");
    private static final int MAX_GPUS = 64;

    public record GpuReading(int index, String uuid, int utilizationPercent, long memoryUsedMib) {}

    private GpuUsage() {}

    /** The readings, or empty for output that is not nvidia-smi's table (a driver error, for one). */
    public static Optional<List<GpuReading>> parse(String csv) {
        List<GpuReading> readings = new ArrayList<>();
        for (String line : csv.strip().split("\\R")) {
            String[] fields = line.split(",");
            if (fields.length != 4 || readings.size() == MAX_GPUS) {
                return Optional.empty();
            }
            try {
                readings.add(new GpuReading(Integer.parseInt(fields[0].strip()), fields[1].strip(),
                        percent(fields[2].strip()), Long.parseLong(fields[3].strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(readings));
    }

    /** How many of the pinned GPUs the driver reports. */
    public static int inUse(List<GpuReading> readings, List<Integer> pinned) {
        return (int) readings.stream().filter(r -> pinned.contains(r.index())).count();
    }

    /** "[N/A]" is what nvidia-smi prints for a MIG instance's utilisation. */
    private static int percent(String field) {
        return field.equals("[N/A]") ? 0 : Integer.parseInt(field);
    }
}
