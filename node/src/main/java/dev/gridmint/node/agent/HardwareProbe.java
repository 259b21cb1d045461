package dev.gridmint.node.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds what this machine offers: its NVIDIA GPUs through {@code nvidia-smi} when that works,
 * otherwise its CPU as a single {@code cpu}-class device. The parsing is separate from the
 * probing so both paths are tested on any machine.
 */
public final class HardwareProbe {

    /** What was found, before the owner's price and region are added. */
    public record Hardware(boolean gpu, String deviceModel, int deviceCount, long deviceMemoryMb, int cpuCores, long memoryMb) {}

    private HardwareProbe() {}

    public static Hardware discover() {
        int cores = Runtime.getRuntime().availableProcessors();
        long memoryMb = totalMemoryMb();
        return nvidiaSmi()
                .flatMap(output -> parseNvidiaSmi(output, cores, memoryMb))
                .orElseGet(() -> new Hardware(false, cpuModel(), 1, 0, cores, memoryMb));
    }

    /** Parses {@code nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits}. */
    static Optional<Hardware> parseNvidiaSmi(String output, int cores, long memoryMb) {
        List<String[]> gpus = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            String[] fields = line.split(",");
            if (fields.length == 2 && !fields[0].isBlank()) {
                gpus.add(new String[] {fields[0].strip(), fields[1].strip()});
            }
        }
        if (gpus.isEmpty()) {
            return Optional.empty();
        }
        try {
            long vram = Long.parseLong(gpus.getFirst()[1]);
            return Optional.of(new Hardware(true, gpus.getFirst()[0], gpus.size(), vram, cores, memoryMb));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reads the CPU's marketing name from {@code /proc/cpuinfo}, or the architecture where there is none. */
    static String parseCpuModel(String cpuinfo, String fallback) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .filter(name -> !name.isEmpty())
                .findFirst()
                .orElse(fallback);
    }

    private static Optional<String> nvidiaSmi() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(output);
        } catch (IOException notInstalled) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String cpuModel() {
        String arch = "cpu-" + System.getProperty("os.arch");
        try {
            String model = parseCpuModel(Files.readString(Path.of("/proc/cpuinfo")), arch);
            return model.length() > 100 ? model.substring(0, 100) : model;
        } catch (IOException | RuntimeException e) {
            return arch;
        }
    }

    private static long totalMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(1, sun.getTotalMemorySize() / (1024 * 1024));
        }
        return Math.max(1, Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
