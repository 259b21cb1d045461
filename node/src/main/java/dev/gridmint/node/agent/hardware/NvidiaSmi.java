package dev.gridmint.node.agent.hardware;

import dev.gridmint.node.agent.hardware.GpuDevice.MigInstance;
import dev.gridmint.node.agent.hardware.GpuInventory.Interconnect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code nvidia-smi} prints. Four invocations, each parsed on its own so that recorded
 * outputs from real machines test every path: the per-GPU query (the inventory), {@code -L} (MIG
 * slices), {@code topo -m} (NVLink or PCIe) and the plain summary (the CUDA version, which no query
 * field reports on every driver).
 */
public final class NvidiaSmi {

    public static final List<String> QUERY = List.of("nvidia-smi",
            "--query-gpu=index,uuid,name,memory.total,driver_version,pci.bus_id,utilization.gpu,temperature.gpu,mig.mode.current",
            "--format=csv,noheader,nounits");
    public static final List<String> LIST = List.of("nvidia-smi", "-L");
    public static final List<String> TOPOLOGY = List.of("nvidia-smi", "topo", "-m");
    public static final List<String> SUMMARY = List.of("nvidia-smi");

    private static final int QUERY_FIELDS = 9;
    /** No server has more; a longer listing is not nvidia-smi's. */
    private static final int MAX_GPUS = 64;
    private static final Pattern GPU_LINE = Pattern.compile("^GPU (\\d+): .*\\(UUID: (GPU-[0-9a-fA-F-]+)\\)\\s*$");
    private static final Pattern MIG_LINE = Pattern.compile("^\\s+MIG (\\S+)\\s+Device\\s+(\\d+): \\(UUID: (MIG-[0-9a-fA-F-]+)\\)\\s*$");
    private static final Pattern CUDA_VERSION = Pattern.compile("CUDA Version:\\s*([0-9]+(?:\\.[0-9]+)*)");
    private static final Pattern NVLINK_CELL = Pattern.compile("^NV\\d+$");
    private static final List<String> DRIVER_FAILURES = List.of("NVIDIA-SMI has failed",
            "couldn't communicate with the NVIDIA driver", "Driver/library version mismatch", "Unable to determine the device handle");

    /** The four outputs; {@code list}, {@code topology} and {@code summary} may be empty when those calls failed. */
    public record Outputs(CommandOutput query, String list, String topology, String summary) {}

    private NvidiaSmi() {}

    public static GpuDiscovery parse(Outputs outputs) {
        CommandOutput query = outputs.query();
        String text = query.text().strip();
        if (DRIVER_FAILURES.stream().anyMatch(text::contains)) {
            return new GpuDiscovery.Broken("GPU_DRIVER_ERROR", firstLine(text));
        }
        if (text.isEmpty() || text.startsWith("No devices were found")) {
            return new GpuDiscovery.Absent("nvidia-smi lists no GPU");
        }
        if (!query.succeeded()) {
            return new GpuDiscovery.Broken("GPU_QUERY_FAILED", "nvidia-smi exited " + query.exitCode() + ": " + firstLine(text));
        }
        List<String[]> rows = text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split(",", -1)).toList();
        if (rows.size() > MAX_GPUS) {
            return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE", "nvidia-smi listed " + rows.size() + " GPUs, more than " + MAX_GPUS);
        }
        List<GpuDevice> gpus = new ArrayList<>();
        Map<Integer, List<MigInstance>> migs = parseMigInstances(outputs.list());
        String driver = "";
        for (String[] row : rows) {
            if (row.length != QUERY_FIELDS) {
                return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE",
                        "expected " + QUERY_FIELDS + " fields, got " + row.length + ": " + String.join(",", row));
            }
            try {
                GpuDevice gpu = device(row);
                gpus.add(gpu.withMigInstances(migs.getOrDefault(gpu.index(), List.of())));
                driver = row[4].strip();
            } catch (IllegalArgumentException e) {
                return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE", e.getMessage() + ": " + String.join(",", row));
            }
        }
        Interconnect interconnect = gpus.size() < 2 ? Interconnect.NONE : parseInterconnect(outputs.topology());
        return new GpuDiscovery.Found(new GpuInventory(driver, parseCudaVersion(outputs.summary()), interconnect, gpus));
    }

    private static GpuDevice device(String[] row) {
        int index = Integer.parseInt(row[0].strip());
        String uuid = row[1].strip();
        if (!uuid.startsWith("GPU-")) {
            throw new IllegalArgumentException("not a GPU UUID: " + uuid);
        }
        long memoryMb = Long.parseLong(row[3].strip());
        boolean mig = row[8].strip().equalsIgnoreCase("Enabled");
        return new GpuDevice(GpuDevice.Vendor.NVIDIA, index, uuid, row[2].strip(), memoryMb, row[5].strip(),
                optionalInt(row[6]), optionalInt(row[7]), mig, List.of());
    }

    /** The MIG slices of {@code nvidia-smi -L}, by the index of the GPU they belong to. */
    static Map<Integer, List<MigInstance>> parseMigInstances(String list) {
        Map<Integer, List<MigInstance>> byGpu = new HashMap<>();
        Integer current = null;
        for (String line : list.lines().toList()) {
            Matcher gpu = GPU_LINE.matcher(line);
            Matcher mig = MIG_LINE.matcher(line);
            if (gpu.matches()) {
                current = Integer.parseInt(gpu.group(1));
            } else if (mig.matches() && current != null) {
                byGpu.computeIfAbsent(current, i -> new ArrayList<>())
                        .add(new MigInstance(mig.group(1), Integer.parseInt(mig.group(2)), mig.group(3)));
            }
        }
        return byGpu;
    }

    /** NVLink when any pair of GPUs in the {@code topo -m} matrix is joined by NV links, PCIe otherwise. */
    static Interconnect parseInterconnect(String topology) {
        boolean nvlink = topology.lines()
                .filter(line -> line.startsWith("GPU"))
                .flatMap(line -> List.of(line.strip().split("\\s+")).stream())
                .anyMatch(cell -> NVLINK_CELL.matcher(cell).matches());
        return nvlink ? Interconnect.NVLINK : Interconnect.PCIE;
    }

    static String parseCudaVersion(String summary) {
        Matcher matcher = CUDA_VERSION.matcher(summary);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** A number, or nothing for the driver's {@code [N/A]} and {@code [Not Supported]}. */
    private static OptionalInt optionalInt(String field) {
        String value = field.strip();
        return value.startsWith("[") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
