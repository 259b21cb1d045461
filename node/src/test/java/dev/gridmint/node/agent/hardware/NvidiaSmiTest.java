package dev.gridmint.node.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.hardware.GpuInventory.Interconnect;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NvidiaSmiTest {

    @Test
    void readsAnEightWayH100BoxLinkedByNvlink() {
        GpuInventory inventory = found(HardwareFixtures.nvidia("h100-sxm-x8", 0));

        assertThat(inventory.gpus()).hasSize(8);
        assertThat(inventory.model()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(inventory.driverVersion()).isEqualTo("535.129.03");
        assertThat(inventory.cudaVersion()).isEqualTo("12.2");
        assertThat(inventory.interconnect()).isEqualTo(Interconnect.NVLINK);
        GpuDevice first = inventory.gpus().getFirst();
        assertThat(first.uuid()).isEqualTo("GPU-6018366c-f658-f7a7-5ed3-4fe53a096533");
        assertThat(first.memoryMb()).isEqualTo(81_559);
        assertThat(first.pciBusId()).isEqualTo("00000000:18:00.0");
        assertThat(first.utilization()).isEqualTo(OptionalInt.of(97));
        assertThat(first.temperatureC()).isEqualTo(OptionalInt.of(31));
        assertThat(first.migEnabled()).isFalse();
        assertThat(inventory.uuids()).doesNotHaveDuplicates().hasSize(8);
    }

    @Test
    void readsTheMigSlicesOfAnA100() {
        GpuInventory inventory = found(HardwareFixtures.nvidia("a100-mig", 0));

        GpuDevice a100 = inventory.gpus().getFirst();
        assertThat(a100.migEnabled()).isTrue();
        assertThat(a100.utilization()).isEmpty();
        assertThat(a100.migInstances()).extracting(GpuDevice.MigInstance::profile).containsExactly("3g.20gb", "2g.10gb", "1g.5gb");
        assertThat(a100.migInstances().getFirst().uuid()).isEqualTo("MIG-e941aa79-e6ed-af80-796d-3bc4685ca8af");
        assertThat(inventory.cudaVersion()).isEqualTo("12.0");
        assertThat(inventory.interconnect()).isEqualTo(Interconnect.NONE);
    }

    @Test
    void readsAConsumerCardWithoutMig() {
        GpuInventory inventory = found(HardwareFixtures.nvidia("rtx-4090", 0));

        assertThat(inventory.gpus()).singleElement().satisfies(gpu -> {
            assertThat(gpu.name()).isEqualTo("NVIDIA GeForce RTX 4090");
            assertThat(gpu.memoryMb()).isEqualTo(24_564);
            assertThat(gpu.uuid()).isEqualTo("GPU-d45c39a3-9ec3-53c1-62e9-17d310269470");
            assertThat(gpu.migEnabled()).isFalse();
        });
        assertThat(inventory.driverVersion()).isEqualTo("550.54.14");
        assertThat(inventory.cudaVersion()).isEqualTo("12.4");
    }

    @Test
    void aMachineWithoutAGpuIsAbsentNotBroken() {
        assertThat(NvidiaSmi.parse(new NvidiaSmi.Outputs(new CommandOutput(6, HardwareFixtures.read("no-gpu/query.csv")), "", "", "")))
                .isInstanceOf(GpuDiscovery.Absent.class);
        assertThat(NvidiaSmi.parse(new NvidiaSmi.Outputs(new CommandOutput(0, ""), "", "", "")))
                .isInstanceOf(GpuDiscovery.Absent.class);
    }

    @Test
    void aDriverThatCannotBeReachedIsBrokenWithItsOwnWords() {
        GpuDiscovery discovery = NvidiaSmi.parse(new NvidiaSmi.Outputs(new CommandOutput(9, HardwareFixtures.read("driver-error/query.csv")), "", "", ""));

        assertThat(discovery).isInstanceOfSatisfying(GpuDiscovery.Broken.class, broken -> {
            assertThat(broken.code()).isEqualTo("GPU_DRIVER_ERROR");
            assertThat(broken.message()).startsWith("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver");
        });
    }

    @Test
    void outputThatIsNotTheQuerysIsRefusedNotGuessed() {
        assertThat(broken("0, GPU-1, NVIDIA A100, 40960")).isEqualTo("GPU_QUERY_UNREADABLE");
        assertThat(broken("0, GPU-1, NVIDIA A100, [N/A], 535.0, 00000000:07:00.0, 0, 30, Disabled")).isEqualTo("GPU_QUERY_UNREADABLE");
        assertThat(broken("0, not-a-uuid, NVIDIA A100, 40960, 535.0, 00000000:07:00.0, 0, 30, Disabled")).isEqualTo("GPU_QUERY_UNREADABLE");
        assertThat(broken("0, GPU-1, , 40960, 535.0, 00000000:07:00.0, 0, 30, Disabled")).isEqualTo("GPU_QUERY_UNREADABLE");
        assertThat(NvidiaSmi.parse(new NvidiaSmi.Outputs(new CommandOutput(3, "Segmentation fault"), "", "", "")))
                .isInstanceOfSatisfying(GpuDiscovery.Broken.class, b -> assertThat(b.code()).isEqualTo("GPU_QUERY_FAILED"));
    }

    @Test
    void twoCardsOnPcieAreNotNvlinked() {
        String topology = "\tGPU0\tGPU1\tCPU Affinity\nGPU0\t X \tPHB\t0-15\nGPU1\tPHB\t X \t0-15\n\nLegend:\n  NV#  = bonded NVLinks\n";

        assertThat(NvidiaSmi.parseInterconnect(topology)).isEqualTo(Interconnect.PCIE);
        assertThat(NvidiaSmi.parseInterconnect("")).isEqualTo(Interconnect.PCIE);
    }

    private static String broken(String query) {
        GpuDiscovery discovery = NvidiaSmi.parse(new NvidiaSmi.Outputs(new CommandOutput(0, query), "", "", ""));
        assertThat(discovery).isInstanceOf(GpuDiscovery.Broken.class);
        return ((GpuDiscovery.Broken) discovery).code();
    }

    private static GpuInventory found(NvidiaSmi.Outputs outputs) {
        GpuDiscovery discovery = NvidiaSmi.parse(outputs);
        assertThat(discovery).isInstanceOf(GpuDiscovery.Found.class);
        return ((GpuDiscovery.Found) discovery).inventory();
    }
}
