package dev.gridmint.node.agent.hardware;

import java.util.List;
import java.util.Optional;

/**
 * Looks for NVIDIA GPUs through NVML where its library is installed, else through {@code nvidia-smi},
 * then for AMD ones through {@code rocm-smi}.
 */
public final class GpuProbe {

    private GpuProbe() {}

    public static GpuDiscovery discover(Commands commands) {
        return discover(commands, Nvml.load());
    }

    /**
     * NVML's inventory comes first where the library loads, with the topology, CUDA version and MIG slices
     * that only {@code nvidia-smi} shows added where it answers; without the library, or where NVML lists
     * no GPU, the tools are asked as before.
     */
    static GpuDiscovery discover(Commands commands, Optional<Nvml.Functions> nvml) {
        GpuDiscovery viaNvml = nvml.map(Nvml::discover).orElse(new GpuDiscovery.Absent(Nvml.LIBRARY + " is not installed"));
        return switch (viaNvml) {
            case GpuDiscovery.Found found -> new GpuDiscovery.Found(withToolDetails(found.inventory(), commands));
            case GpuDiscovery.Broken broken -> broken;
            case GpuDiscovery.Absent absent -> viaTools(commands);
        };
    }

    private static GpuInventory withToolDetails(GpuInventory inventory, Commands commands) {
        String topology = text(commands, NvidiaSmi.TOPOLOGY);
        var migs = NvidiaSmi.parseMigInstances(text(commands, NvidiaSmi.LIST));
        List<GpuDevice> gpus = inventory.gpus().stream().map(gpu -> gpu.withMigInstances(migs.getOrDefault(gpu.index(), List.of())))
                .toList();
        return new GpuInventory(inventory.driverVersion(), NvidiaSmi.parseCudaVersion(text(commands, NvidiaSmi.SUMMARY)),
                topology.isEmpty() || gpus.size() < 2 ? inventory.interconnect() : NvidiaSmi.parseInterconnect(topology), gpus);
    }

    private static GpuDiscovery viaTools(Commands commands) {
        GpuDiscovery nvidia = commands.run(NvidiaSmi.QUERY)
                .map(query -> NvidiaSmi.parse(new NvidiaSmi.Outputs(query, text(commands, NvidiaSmi.LIST),
                        text(commands, NvidiaSmi.TOPOLOGY), text(commands, NvidiaSmi.SUMMARY))))
                .orElseGet(() -> new GpuDiscovery.Absent("neither nvidia-smi nor rocm-smi is installed"));
        if (!(nvidia instanceof GpuDiscovery.Absent)) {
            return nvidia;
        }
        return commands.run(RocmSmi.QUERY).map(RocmSmi::parse).orElse(nvidia);
    }

    /** The extra views are best effort: a failure leaves that detail unknown, not the GPUs. */
    private static String text(Commands commands, List<String> command) {
        return commands.run(command).filter(CommandOutput::succeeded).map(CommandOutput::text).orElse("");
    }
}
