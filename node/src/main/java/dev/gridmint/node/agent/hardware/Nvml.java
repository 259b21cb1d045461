package dev.gridmint.node.agent.hardware;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gridmint.node.agent.hardware.GpuInventory.Interconnect;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * NVIDIA's management library ({@code libnvidia-ml.so.1}) through the JDK's FFM API, where it is
 * installed: the driver's own answer, without parsing a tool's text. It gives each GPU's index, name,
 * UUID and memory, and the driver's version; {@link GpuProbe} adds what only {@code nvidia-smi} shows
 * (the NVLink topology, the CUDA version, MIG slices) where that tool answers too. The calls go through
 * {@link Functions}, so a test can stand a fake table in for the library on a machine without a GPU.
 */
public final class Nvml {

    public static final String LIBRARY = "libnvidia-ml.so.1";
    static final int SUCCESS = 0;
    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE are 96, the driver version's 80. */
    static final int TEXT_BYTES = 96;
    private static final int MAX_GPUS = 64;
    private static final long MIB = 1L << 20;
    /** {@code nvmlMemory_t}: total, free and used bytes, three {@code unsigned long long}. */
    static final StructLayout MEMORY = MemoryLayout.structLayout(JAVA_LONG.withName("total"), JAVA_LONG.withName("free"),
            JAVA_LONG.withName("used"));

    private Nvml() {}

    /** The NVML calls discovery makes, each as its C function takes it, returning its {@code nvmlReturn_t} (0: success). */
    public interface Functions {
        int init();

        int shutdown();

        int driverVersion(MemorySegment buffer, int length);

        /** {@code unsigned int *count}. */
        int deviceCount(MemorySegment count);

        /** {@code nvmlDevice_t *device}: a pointer the other calls take. */
        int deviceHandle(int index, MemorySegment device);

        int name(MemorySegment device, MemorySegment buffer, int length);

        int uuid(MemorySegment device, MemorySegment buffer, int length);

        /** {@code nvmlMemory_t *memory}, see {@link #MEMORY}. */
        int memory(MemorySegment device, MemorySegment memory);
    }

    /** The library's functions, or empty where it is not installed (no NVIDIA driver). */
    public static Optional<Functions> load() {
        return load(LIBRARY);
    }

    static Optional<Functions> load(String library) {
        try {
            return Optional.of(new Native(SymbolLookup.libraryLookup(library, Arena.global())));
        } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException absent) {
            return Optional.empty();
        }
    }

    /** The GPUs NVML lists, none, or why it failed (a driver that loads but will not initialise is broken, not absent). */
    public static GpuDiscovery discover(Functions nvml) {
        int init;
        try {
            init = nvml.init();
        } catch (NvmlError e) {
            return new GpuDiscovery.Broken("GPU_DRIVER_ERROR", e.getMessage());
        }
        if (init != SUCCESS) {
            return new GpuDiscovery.Broken("GPU_DRIVER_ERROR", "NVML could not initialise (nvmlReturn_t " + init + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(TEXT_BYTES);
            check("nvmlSystemGetDriverVersion", nvml.driverVersion(text, TEXT_BYTES));
            String driver = text.getString(0);
            MemorySegment count = arena.allocate(JAVA_INT);
            check("nvmlDeviceGetCount", nvml.deviceCount(count));
            int gpus = count.get(JAVA_INT, 0);
            if (gpus == 0) {
                return new GpuDiscovery.Absent("NVML lists no GPU");
            }
            if (gpus < 0 || gpus > MAX_GPUS) {
                return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE", "NVML counts " + Integer.toUnsignedString(gpus) + " GPUs");
            }
            List<GpuDevice> devices = new ArrayList<>();
            for (int index = 0; index < gpus; index++) {
                devices.add(device(nvml, arena, index));
            }
            return new GpuDiscovery.Found(new GpuInventory(driver, "", devices.size() > 1 ? Interconnect.PCIE : Interconnect.NONE,
                    devices));
        } catch (NvmlError | IllegalArgumentException e) {
            return new GpuDiscovery.Broken("GPU_QUERY_FAILED", e.getMessage());
        } finally {
            nvml.shutdown();
        }
    }

    private static GpuDevice device(Functions nvml, Arena arena, int index) {
        MemorySegment handle = arena.allocate(ADDRESS);
        check("nvmlDeviceGetHandleByIndex", nvml.deviceHandle(index, handle));
        MemorySegment device = handle.get(ADDRESS, 0);
        MemorySegment name = arena.allocate(TEXT_BYTES);
        check("nvmlDeviceGetName", nvml.name(device, name, TEXT_BYTES));
        MemorySegment uuid = arena.allocate(TEXT_BYTES);
        check("nvmlDeviceGetUUID", nvml.uuid(device, uuid, TEXT_BYTES));
        MemorySegment memory = arena.allocate(MEMORY);
        check("nvmlDeviceGetMemoryInfo", nvml.memory(device, memory));
        return new GpuDevice(GpuDevice.Vendor.NVIDIA, index, uuid.getString(0), name.getString(0), totalBytes(memory) / MIB, "",
                OptionalInt.empty(), OptionalInt.empty(), false, List.of());
    }

    static long totalBytes(MemorySegment memory) {
        return memory.get(JAVA_LONG, MEMORY.byteOffset(MemoryLayout.PathElement.groupElement("total")));
    }

    private static void check(String call, int code) {
        if (code != SUCCESS) {
            throw new NvmlError(call + " failed (nvmlReturn_t " + code + ")");
        }
    }

    private static final class NvmlError extends RuntimeException {
        NvmlError(String message) {
            super(message);
        }
    }

    /** The library's functions bound with the native linker. */
    private static final class Native implements Functions {
        private final MethodHandle init;
        private final MethodHandle shutdown;
        private final MethodHandle driverVersion;
        private final MethodHandle deviceCount;
        private final MethodHandle deviceHandle;
        private final MethodHandle name;
        private final MethodHandle uuid;
        private final MethodHandle memory;

        Native(SymbolLookup library) {
            init = bind(library, "nvmlInit_v2", FunctionDescriptor.of(JAVA_INT));
            shutdown = bind(library, "nvmlShutdown", FunctionDescriptor.of(JAVA_INT));
            driverVersion = bind(library, "nvmlSystemGetDriverVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            deviceCount = bind(library, "nvmlDeviceGetCount_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            deviceHandle = bind(library, "nvmlDeviceGetHandleByIndex_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
            name = bind(library, "nvmlDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            uuid = bind(library, "nvmlDeviceGetUUID", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            memory = bind(library, "nvmlDeviceGetMemoryInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        }

        private static MethodHandle bind(SymbolLookup library, String function, FunctionDescriptor descriptor) {
            MemorySegment symbol = library.find(function)
                    .orElseThrow(() -> new UnsupportedOperationException(LIBRARY + " has no " + function));
            return Linker.nativeLinker().downcallHandle(symbol, descriptor);
        }

        private static int call(MethodHandle handle, Object... args) {
            try {
                return (int) handle.invokeWithArguments(args);
            } catch (Throwable e) {
                throw new NvmlError("NVML call failed: " + e.getMessage());
            }
        }

        public int init() { return call(init); }
        public int shutdown() { return call(shutdown); }
        public int driverVersion(MemorySegment buffer, int length) { return call(driverVersion, buffer, length); }
        public int deviceCount(MemorySegment count) { return call(deviceCount, count); }
        public int deviceHandle(int index, MemorySegment device) { return call(deviceHandle, index, device); }
        public int name(MemorySegment device, MemorySegment buffer, int length) { return call(name, device, buffer, length); }
        public int uuid(MemorySegment device, MemorySegment buffer, int length) { return call(uuid, device, buffer, length); }
        public int memory(MemorySegment device, MemorySegment info) { return call(memory, device, info); }
    }
}
