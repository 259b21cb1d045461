package dev.gridmint.node.agent.hardware;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** NVML's calls and structs decoded from a fake function table: this machine has no GPU and no library. */
class NvmlTest {

    private static final List<String> NAMES = List.of("NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3");
    private static final List<String> UUIDS = List.of("GPU-6018366c-f658-f7a7-5ed3-4fe53a096533", "GPU-852a5fba-444a-df42-b37f-5722051e2670");

    /** Two H100s as the driver would describe them; {@code failing} names a call that returns an error. */
    private static final class FakeNvml implements Nvml.Functions {
        final int gpus;
        final String failing;
        boolean shutDown;

        FakeNvml(int gpus, String failing) {
            this.gpus = gpus;
            this.failing = failing;
        }

        private int answer(String call) {
            return call.equals(failing) ? 999 : Nvml.SUCCESS;
        }

        public int init() { return answer("init"); }
        public int shutdown() { shutDown = true; return Nvml.SUCCESS; }
        public int driverVersion(MemorySegment buffer, int length) {
            buffer.setString(0, "550.54.15");
            return answer("driver");
        }
        public int deviceCount(MemorySegment count) {
            count.set(JAVA_INT, 0, gpus);
            return answer("count");
        }
        public int deviceHandle(int index, MemorySegment device) {
            device.set(ADDRESS, 0, MemorySegment.ofAddress(0x1000 + index));
            return answer("handle");
        }
        public int name(MemorySegment device, MemorySegment buffer, int length) {
            buffer.setString(0, NAMES.get(index(device)));
            return answer("name");
        }
        public int uuid(MemorySegment device, MemorySegment buffer, int length) {
            buffer.setString(0, UUIDS.get(index(device)));
            return answer("uuid");
        }
        public int memory(MemorySegment device, MemorySegment memory) {
            memory.set(JAVA_LONG, 0, 85_520_809_984L);
            memory.set(JAVA_LONG, 8, 85_000_000_000L);
            memory.set(JAVA_LONG, 16, 520_809_984L);
            return answer("memory");
        }

        private static int index(MemorySegment device) {
            return (int) (device.address() - 0x1000);
        }
    }

    @Test
    void decodesEachGpusNameUuidAndMemoryAndTheDriver() {
        var nvml = new FakeNvml(2, "");

        GpuDiscovery found = Nvml.discover(nvml);

        assertThat(found).isInstanceOfSatisfying(GpuDiscovery.Found.class, f -> {
            assertThat(f.inventory().driverVersion()).isEqualTo("550.54.15");
            assertThat(f.inventory().uuids()).isEqualTo(UUIDS);
            assertThat(f.inventory().gpus()).allSatisfy(gpu -> {
                assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3");
                assertThat(gpu.memoryMb()).isEqualTo(81_559);
            });
            assertThat(f.inventory().interconnect()).isEqualTo(GpuInventory.Interconnect.PCIE);
        });
        assertThat(nvml.shutDown).isTrue();
    }

    @Test
    void aFailingCallIsABrokenDriverAndNoGpuIsAbsent() {
        assertThat(Nvml.discover(new FakeNvml(2, "init"))).isInstanceOfSatisfying(GpuDiscovery.Broken.class,
                b -> assertThat(b.code()).isEqualTo("GPU_DRIVER_ERROR"));
        var failing = new FakeNvml(2, "memory");
        assertThat(Nvml.discover(failing)).isInstanceOfSatisfying(GpuDiscovery.Broken.class,
                b -> assertThat(b.message()).contains("nvmlDeviceGetMemoryInfo"));
        assertThat(failing.shutDown).isTrue();
        assertThat(Nvml.discover(new FakeNvml(0, ""))).isInstanceOf(GpuDiscovery.Absent.class);
    }

    @Test
    void withoutTheLibraryTheProbeAsksTheTools() {
        assertThat(Nvml.load("libnvidia-ml-not-here.so.1")).isEmpty();

        Commands noTools = command -> Optional.empty();
        assertThat(GpuProbe.discover(noTools, Optional.empty())).isInstanceOfSatisfying(GpuDiscovery.Absent.class,
                a -> assertThat(a.reason()).contains("neither nvidia-smi nor rocm-smi"));
    }

    @Test
    void nvmlsInventoryGetsTheToolsTopologyAndCudaVersionWhereTheyAnswer() {
        String topology = "\tGPU0\tGPU1\nGPU0\t X \tNV18\nGPU1\tNV18\t X \n";
        Map<List<String>, CommandOutput> outputs = Map.of(NvidiaSmi.TOPOLOGY, new CommandOutput(0, topology),
                NvidiaSmi.SUMMARY, new CommandOutput(0, "| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |"));
        Commands tools = command -> Optional.ofNullable(outputs.get(command));

        assertThat(GpuProbe.discover(tools, Optional.of(new FakeNvml(2, "")))).isInstanceOfSatisfying(GpuDiscovery.Found.class, f -> {
            assertThat(f.inventory().interconnect()).isEqualTo(GpuInventory.Interconnect.NVLINK);
            assertThat(f.inventory().cudaVersion()).isEqualTo("12.4");
        });
    }
}
