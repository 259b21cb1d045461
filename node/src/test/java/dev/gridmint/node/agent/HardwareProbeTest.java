package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.node.agent.hardware.GpuDevice;
import dev.gridmint.node.agent.hardware.GpuDiscovery;
import dev.gridmint.node.agent.hardware.NvidiaSmi;
import dev.gridmint.node.agent.hardware.HardwareFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HardwareProbeTest {

    @Test
    void anEightGpuBoxIsOfferedAsEightOfItsModelWithTheirUuids() {
        var discovery = NvidiaSmi.parse(HardwareFixtures.nvidia("h100-sxm-x8", 0));

        var hardware = HardwareProbe.describe(discovery, "AMD EPYC 9654 96-Core Processor", 224, 2_063_000, "4c1d0e9a");

        assertThat(hardware.gpu()).isTrue();
        assertThat(hardware.deviceModel()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(hardware.deviceCount()).isEqualTo(8);
        assertThat(hardware.gpuVendor()).contains(GpuDevice.Vendor.NVIDIA);
        assertThat(hardware.deviceMemoryMb()).isEqualTo(81_559);
        assertThat(hardware.gpuUuids()).hasSize(8).first().isEqualTo("GPU-6018366c-f658-f7a7-5ed3-4fe53a096533");
        assertThat(hardware.fingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void aMachineWithoutAGpuOffersItsCpuAndABrokenDriverStopsTheAgent() {
        var cpu = HardwareProbe.describe(new GpuDiscovery.Absent("none"), "AMD EPYC", 8, 32_000, "");

        assertThat(cpu.gpu()).isFalse();
        assertThat(cpu.deviceModel()).isEqualTo("AMD EPYC");
        assertThat(cpu.gpuUuids()).isEmpty();
        assertThat(cpu.gpuVendor()).isEmpty();
        assertThatThrownBy(() -> HardwareProbe.describe(new GpuDiscovery.Broken("GPU_DRIVER_ERROR", "NVIDIA-SMI has failed"), "x", 8,
                32_000, "")).isInstanceOf(HardwareProbe.BrokenDriverException.class).hasMessageContaining("GPU_DRIVER_ERROR");
    }

    @Test
    void theFingerprintIsTheMachineNotTheOrderOrTheBootsMemoryJitter() {
        String fingerprint = HardwareProbe.fingerprint(List.of("GPU-a", "GPU-b"), "EPYC", 64, 515_900, "m1");

        assertThat(HardwareProbe.fingerprint(List.of("GPU-b", "GPU-a"), "EPYC", 64, 515_880, "m1")).isEqualTo(fingerprint);
        assertThat(HardwareProbe.fingerprint(List.of("GPU-a", "GPU-b"), "EPYC", 64, 515_900, "m2")).isNotEqualTo(fingerprint);
        assertThat(HardwareProbe.fingerprint(List.of("GPU-a"), "EPYC", 64, 515_900, "m1")).isNotEqualTo(fingerprint);
    }

    @Test
    void readsTheCpuModelName() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: AuthenticAMD
                model name\t: AMD EPYC 9654 96-Core Processor
                processor\t: 1
                model name\t: AMD EPYC 9654 96-Core Processor
                """;

        assertThat(HardwareProbe.parseCpuModel(cpuinfo, "cpu-amd64")).isEqualTo("AMD EPYC 9654 96-Core Processor");
    }

    @Test
    void fallsBackWhenThereIsNoModelName() {
        // ARM kernels list no "model name".
        assertThat(HardwareProbe.parseCpuModel("processor\t: 0\nBogoMIPS\t: 50.00\n", "cpu-aarch64")).isEqualTo("cpu-aarch64");
        assertThat(HardwareProbe.parseCpuModel("model name\t:   \n", "cpu-x86")).isEqualTo("cpu-x86");
        assertThat(HardwareProbe.parseCpuModel("", "cpu-x86")).isEqualTo("cpu-x86");
    }

    @Test
    void discoversSomethingRegistrable() {
        var hardware = HardwareProbe.discover();

        assertThat(hardware.deviceCount()).isPositive();
        assertThat(hardware.cpuCores()).isPositive();
        assertThat(hardware.memoryMb()).isPositive();
        assertThat(hardware.deviceModel()).isNotBlank();
    }

    @Test
    void theOfferCarriesTheHardwareAndTheOwnersPriceAndRegion() {
        var config = new AgentConfig("http://127.0.0.1:1", TestKeys.of("p1"), Path.of("unused"), 2_500_000, "eu-west");

        var gpu = ProviderAgent.offer(new HardwareProbe.Hardware(true, "NVIDIA L4", 2, 23_034, 16, 64_000, List.of("GPU-1", "GPU-2"), "f",
                Optional.of(GpuDevice.Vendor.NVIDIA)), config);
        var cpu = ProviderAgent.offer(new HardwareProbe.Hardware(false, "AMD EPYC", 1, 0, 8, 32_000, List.of(), "f", Optional.empty()),
                config);

        assertThat(gpu.deviceClass()).isEqualTo(DeviceClass.GPU);
        assertThat(gpu.deviceCount()).isEqualTo(2);
        assertThat(gpu.deviceMemoryMb()).isEqualTo(23_034);
        assertThat(gpu.pricePerDeviceHour()).isEqualTo(2_500_000);
        assertThat(gpu.region()).isEqualTo("eu-west");
        assertThat(cpu.deviceClass()).isEqualTo(DeviceClass.CPU);
        assertThat(cpu.deviceMemoryMb()).isZero();
    }
}
