package dev.gridmint.node.agent.hardware;

import java.util.List;

/** Looks for NVIDIA GPUs through {@code nvidia-smi}, then for AMD ones through {@code rocm-smi}. */
public final class GpuProbe {

    private GpuProbe() {}

    public static GpuDiscovery discover(Commands commands) {
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
