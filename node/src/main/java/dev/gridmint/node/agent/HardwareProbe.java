package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.agent.hardware.Commands;
import dev.gridmint.node.agent.hardware.GpuDevice;
import dev.gridmint.node.agent.hardware.GpuDiscovery;
import dev.gridmint.node.agent.hardware.GpuInventory;
import dev.gridmint.node.agent.hardware.GpuProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds what this machine offers: its GPUs when {@code nvidia-smi} or {@code rocm-smi} finds any,
 * otherwise its CPU as a single {@code cpu}-class device. The parsing is separate from the probing
 * (see {@code agent.hardware}), so every path is tested on any machine.
 */
public final class HardwareProbe {

    /**
     * What was found, before the owner's price and region are added.
     *
     * @param gpuUuids    the boards' unique ids (empty for a CPU offer): the network's sybil check compares them
     * @param fingerprint a SHA-256 (hex) over the GPUs, CPU, memory and the OS's machine id: equal on one machine
     * @param gpuVendor   whose GPUs they are (empty for a CPU offer): the agent's GPU path for proof-of-GPU is CUDA only
     */
    public record Hardware(boolean gpu, String deviceModel, int deviceCount, long deviceMemoryMb, int cpuCores, long memoryMb,
            List<String> gpuUuids, String fingerprint, Optional<GpuDevice.Vendor> gpuVendor) {

        public Hardware {
            gpuUuids = List.copyOf(gpuUuids);
            if (gpu == gpuVendor.isEmpty()) {
                throw new IllegalArgumentException("GPU hardware names its vendor, a CPU offer none");
            }
        }
    }

    /** A GPU driver that is installed and broken: the owner fixes it rather than renting out a CPU by mistake. */
    public static final class BrokenDriverException extends RuntimeException {
        public BrokenDriverException(GpuDiscovery.Broken broken) {
            super(broken.code() + ": " + broken.message());
        }
    }

    private HardwareProbe() {}

    public static Hardware discover() {
        return describe(GpuProbe.discover(Commands.SYSTEM), cpuModel(), Runtime.getRuntime().availableProcessors(),
                totalMemoryMb(), machineId());
    }

    /** The offerable hardware, from a GPU discovery and the machine's CPU, memory and OS machine id. */
    static Hardware describe(GpuDiscovery gpus, String cpuModel, int cores, long memoryMb, String machineId) {
        return switch (gpus) {
            case GpuDiscovery.Found found -> {
                GpuInventory inventory = found.inventory();
                GpuDevice first = inventory.gpus().getFirst();
                yield new Hardware(true, inventory.model(), inventory.gpus().size(), first.memoryMb(), cores, memoryMb, inventory.uuids(),
                        fingerprint(inventory.uuids(), cpuModel, cores, memoryMb, machineId), Optional.of(first.vendor()));
            }
            case GpuDiscovery.Absent absent -> new Hardware(false, cpuModel, 1, 0, cores, memoryMb, List.of(),
                    fingerprint(List.of(), cpuModel, cores, memoryMb, machineId), Optional.empty());
            case GpuDiscovery.Broken broken -> throw new BrokenDriverException(broken);
        };
    }

    /**
     * Stable across restarts and re-registrations of one machine, different between machines. Memory is
     * rounded to whole GiB because kernels report a few MB differently from boot to boot.
     */
    static String fingerprint(List<String> gpuUuids, String cpuModel, int cores, long memoryMb, String machineId) {
        String canonical = "gridmint/hardware-fingerprint/v1\n"
                + "gpus=" + gpuUuids.stream().sorted().collect(Collectors.joining(",")) + "\n"
                + "cpu=" + cpuModel + "\ncores=" + cores + "\nmemory-gib=" + Math.round(memoryMb / 1024.0) + "\n"
                + "machine-id=" + machineId + "\n";
        return Hash.sha256(canonical.getBytes(StandardCharsets.UTF_8)).hex();
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

    private static String cpuModel() {
        String arch = "cpu-" + System.getProperty("os.arch");
        try {
            String model = parseCpuModel(Files.readString(Path.of("/proc/cpuinfo")), arch);
            return model.length() > 100 ? model.substring(0, 100) : model;
        } catch (IOException | RuntimeException e) {
            return arch;
        }
    }

    /** systemd's (or D-Bus's) per-installation id; empty where neither exists. */
    private static String machineId() {
        for (String path : List.of("/etc/machine-id", "/var/lib/dbus/machine-id")) {
            try {
                String id = Files.readString(Path.of(path)).strip();
                if (!id.isEmpty() && id.length() <= 64) {
                    return id;
                }
            } catch (IOException | RuntimeException e) {
                // try the next place
            }
        }
        return "";
    }

    private static long totalMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(1, sun.getTotalMemorySize() / (1024 * 1024));
        }
        return Math.max(1, Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
