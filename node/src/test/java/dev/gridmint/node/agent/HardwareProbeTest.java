package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.testing.TestKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HardwareProbeTest {

    @Test
    void readsEveryGpuAndTheFirstOnesMemory() {
        String output = """
                NVIDIA H100 80GB HBM3, 81559
                NVIDIA H100 80GB HBM3, 81559
                NVIDIA H100 80GB HBM3, 81559
                NVIDIA H100 80GB HBM3, 81559
                """;

        var hardware = HardwareProbe.parseNvidiaSmi(output, 64, 512_000).orElseThrow();

        assertThat(hardware).isEqualTo(new HardwareProbe.Hardware(true, "NVIDIA H100 80GB HBM3", 4, 81_559, 64, 512_000));
    }

    @Test
    void toleratesWindowsLineEndingsAndBlankLines() {
        var hardware = HardwareProbe.parseNvidiaSmi("\r\nNVIDIA GeForce RTX 4090, 24564\r\n\r\n", 16, 64_000).orElseThrow();

        assertThat(hardware.deviceModel()).isEqualTo("NVIDIA GeForce RTX 4090");
        assertThat(hardware.deviceMemoryMb()).isEqualTo(24_564);
        assertThat(hardware.deviceCount()).isEqualTo(1);
    }

    @Test
    void findsNoGpuInOutputThatListsNone() {
        assertThat(HardwareProbe.parseNvidiaSmi("", 8, 16_000)).isEmpty();
        assertThat(HardwareProbe.parseNvidiaSmi("No devices were found", 8, 16_000)).isEmpty();
        assertThat(HardwareProbe.parseNvidiaSmi(" , 1024", 8, 16_000)).isEmpty();
        assertThat(HardwareProbe.parseNvidiaSmi("NVIDIA A100, 40960, extra", 8, 16_000)).isEmpty();
    }

    @Test
    void findsNoGpuWhenTheMemoryIsNotANumber() {
        assertThat(HardwareProbe.parseNvidiaSmi("NVIDIA A100, [N/A]", 8, 16_000)).isEmpty();
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

        var gpu = ProviderAgent.offer(new HardwareProbe.Hardware(true, "NVIDIA L4", 2, 23_034, 16, 64_000), config);
        var cpu = ProviderAgent.offer(new HardwareProbe.Hardware(false, "AMD EPYC", 1, 0, 8, 32_000), config);

        assertThat(gpu.deviceClass()).isEqualTo(DeviceClass.GPU);
        assertThat(gpu.deviceCount()).isEqualTo(2);
        assertThat(gpu.deviceMemoryMb()).isEqualTo(23_034);
        assertThat(gpu.pricePerDeviceHour()).isEqualTo(2_500_000);
        assertThat(gpu.region()).isEqualTo("eu-west");
        assertThat(cpu.deviceClass()).isEqualTo(DeviceClass.CPU);
        assertThat(cpu.deviceMemoryMb()).isZero();
    }
}
