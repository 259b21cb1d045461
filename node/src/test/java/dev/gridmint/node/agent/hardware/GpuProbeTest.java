package dev.gridmint.node.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuProbeTest {

    @Test
    void asksNvidiaSmiForEveryViewOfTheMachine() {
        NvidiaSmi.Outputs h100 = HardwareFixtures.nvidia("h100-sxm-x8", 0);
        Commands machine = installed(Map.of(NvidiaSmi.QUERY, h100.query(), NvidiaSmi.LIST, new CommandOutput(0, h100.list()),
                NvidiaSmi.TOPOLOGY, new CommandOutput(0, h100.topology()), NvidiaSmi.SUMMARY, new CommandOutput(0, h100.summary())));

        assertThat(probe(machine)).isInstanceOfSatisfying(GpuDiscovery.Found.class, found -> {
            assertThat(found.inventory().interconnect()).isEqualTo(GpuInventory.Interconnect.NVLINK);
            assertThat(found.inventory().cudaVersion()).isEqualTo("12.2");
        });
    }

    @Test
    void aFailingTopologyCallLeavesTheGpusFound() {
        NvidiaSmi.Outputs h100 = HardwareFixtures.nvidia("h100-sxm-x8", 0);
        Commands machine = installed(Map.of(NvidiaSmi.QUERY, h100.query(), NvidiaSmi.TOPOLOGY, new CommandOutput(1, "not supported")));

        assertThat(probe(machine)).isInstanceOfSatisfying(GpuDiscovery.Found.class,
                found -> assertThat(found.inventory().gpus()).hasSize(8));
    }

    @Test
    void fallsBackToRocmSmiWhenNvidiaSmiFindsNothing() {
        Commands amd = installed(Map.of(RocmSmi.QUERY, new CommandOutput(0, HardwareFixtures.read("mi300x-x2.json"))));

        assertThat(probe(amd)).isInstanceOfSatisfying(GpuDiscovery.Found.class,
                found -> assertThat(found.inventory().gpus()).hasSize(2));
    }

    @Test
    void noToolAtAllMeansNoGpuAndABrokenDriverIsReported() {
        assertThat(probe(installed(Map.of()))).isInstanceOf(GpuDiscovery.Absent.class);
        assertThat(probe(installed(Map.of(NvidiaSmi.QUERY, new CommandOutput(6, "No devices were found")))))
                .isInstanceOfSatisfying(GpuDiscovery.Absent.class, absent -> assertThat(absent.reason()).contains("lists no GPU"));
        assertThat(probe(installed(Map.of(NvidiaSmi.QUERY, new CommandOutput(9, HardwareFixtures.read("driver-error/query.csv"))))))
                .isInstanceOf(GpuDiscovery.Broken.class);
    }

    /** A machine where exactly these commands are installed, each printing its recorded output. */
    private static Commands installed(Map<List<String>, CommandOutput> outputs) {
        return command -> Optional.ofNullable(outputs.get(command))
                .or(() -> command.getFirst().equals("nvidia-smi") && outputs.containsKey(NvidiaSmi.QUERY)
                        ? Optional.of(new CommandOutput(1, "")) : Optional.empty());
    }

    /** The tools alone, as on a machine without NVML's library, whatever this machine has. */
    private static GpuDiscovery probe(Commands commands) {
        return GpuProbe.discover(commands, java.util.Optional.empty());
    }
}
