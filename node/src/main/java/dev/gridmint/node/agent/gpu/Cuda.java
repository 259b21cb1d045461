package dev.gridmint.node.agent.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}, installed with every NVIDIA driver) through the JDK's FFM
 * API: device memory, copies, PTX modules and kernel launches on device 0's primary context. The
 * primary context is the one the CUDA runtime, and so cuBLAS, uses too, which lets {@link Cublas}
 * work on the buffers allocated here. Every call's result is checked and a failure thrown as a
 * {@link CudaException} with the driver's name for it.
 *
 * <p>Not thread-safe, and a context is current per OS thread: {@link GpuChallengeSolver} makes every
 * call from one platform thread of its own.
 */
final class Cuda implements AutoCloseable {

    private static final int SUCCESS = 0;
    private static final int ORDINAL = 0;

    private final MethodHandle getErrorName;
    private final MethodHandle primaryCtxRelease;
    private final MethodHandle ctxSetCurrent;
    private final MethodHandle ctxSynchronize;
    private final MethodHandle memGetInfo;
    private final MethodHandle memAlloc;
    private final MethodHandle memFree;
    private final MethodHandle memcpyHtoD;
    private final MethodHandle memcpyDtoH;
    private final MethodHandle memsetD32;
    private final MethodHandle moduleLoadData;
    private final MethodHandle moduleUnload;
    private final MethodHandle moduleGetFunction;
    private final MethodHandle launchKernel;
    private final String library;
    /** Set once by {@link #start}: the device handle and its primary context. */
    private int device;
    private MemorySegment context = MemorySegment.NULL;

    private Cuda(NativeLibrary driver) {
        library = driver.name();
        getErrorName = driver.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        primaryCtxRelease = driver.function("cuDevicePrimaryCtxRelease_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        ctxSetCurrent = driver.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        ctxSynchronize = driver.function("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
        memGetInfo = driver.function("cuMemGetInfo_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        memAlloc = driver.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        memFree = driver.function("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        memcpyHtoD = driver.function("cuMemcpyHtoD_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
        memcpyDtoH = driver.function("cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        memsetD32 = driver.function("cuMemsetD32_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
        moduleLoadData = driver.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        moduleUnload = driver.function("cuModuleUnload", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        moduleGetFunction = driver.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        launchKernel = driver.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    /**
     * Initialises the driver and makes device 0's primary context current on the calling thread.
     *
     * @throws NativeLibrary.LibraryUnavailable when the library or one of its functions is missing
     * @throws CudaException when the driver refuses, e.g. {@code CUDA_ERROR_NO_DEVICE}
     */
    static Cuda open(String library) {
        NativeLibrary driver = NativeLibrary.open(library);
        Cuda cuda = new Cuda(driver);
        cuda.start(driver);
        return cuda;
    }

    private void start(NativeLibrary driver) {
        check("cuInit", NativeLibrary.callInt(driver.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT)), 0));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(JAVA_INT);
            check("cuDeviceGet", NativeLibrary.callInt(driver.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                    handle, ORDINAL));
            device = handle.get(JAVA_INT, 0);
            MemorySegment primary = arena.allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain", NativeLibrary.callInt(
                    driver.function("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)), primary, device));
            context = primary.get(ADDRESS, 0);
        }
        makeCurrent();
    }

    String library() {
        return library;
    }

    /** Makes the primary context current on the calling thread (a context is current per OS thread). */
    void makeCurrent() {
        check("cuCtxSetCurrent", NativeLibrary.callInt(ctxSetCurrent, context));
    }

    /** Device memory free now: what a challenge's matrices must fit in. */
    long freeBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", NativeLibrary.callInt(memGetInfo, free, total));
            return free.get(JAVA_LONG, 0);
        }
    }

    /** {@code bytes} of device memory, freed when the returned buffer is closed. */
    DeviceBuffer allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointer = arena.allocate(JAVA_LONG);
            check("cuMemAlloc_v2", NativeLibrary.callInt(memAlloc, pointer, bytes));
            return new DeviceBuffer(this, pointer.get(JAVA_LONG, 0), bytes);
        }
    }

    void free(long pointer) {
        check("cuMemFree_v2", NativeLibrary.callInt(memFree, pointer));
    }

    void copyToDevice(long destination, MemorySegment source) {
        check("cuMemcpyHtoD_v2", NativeLibrary.callInt(memcpyHtoD, destination, source, source.byteSize()));
    }

    void copyToHost(MemorySegment destination, long source) {
        check("cuMemcpyDtoH_v2", NativeLibrary.callInt(memcpyDtoH, destination, source, destination.byteSize()));
    }

    /** Sets {@code count} 32-bit words from {@code destination} on to {@code value}. */
    void fill(long destination, int value, long count) {
        check("cuMemsetD32_v2", NativeLibrary.callInt(memsetD32, destination, value, count));
    }

    /** Loads a PTX module; the driver compiles it for this GPU here, so a first load can take a while. */
    MemorySegment loadModule(String ptx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(ADDRESS);
            check("cuModuleLoadData", NativeLibrary.callInt(moduleLoadData, module, arena.allocateFrom(ptx)));
            return module.get(ADDRESS, 0);
        }
    }

    void unloadModule(MemorySegment module) {
        check("cuModuleUnload", NativeLibrary.callInt(moduleUnload, module));
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment function = arena.allocate(ADDRESS);
            check("cuModuleGetFunction(" + name + ")", NativeLibrary.callInt(moduleGetFunction, function, module, arena.allocateFrom(name)));
            return function.get(ADDRESS, 0);
        }
    }

    /**
     * Launches a kernel on a one-dimensional grid, on the default stream, so it runs after the copies
     * and launches before it. Each argument is a {@link Long} (a device pointer or a 64-bit value) or
     * an {@link Integer}, in the kernel's parameter order.
     */
    void launch(MemorySegment function, int blocks, int threads, Object... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parameters = arena.allocate(ADDRESS, arguments.length);
            for (int i = 0; i < arguments.length; i++) {
                parameters.setAtIndex(ADDRESS, i, switch (arguments[i]) {
                    case Long value -> arena.allocateFrom(JAVA_LONG, value);
                    case Integer value -> arena.allocateFrom(JAVA_INT, value);
                    default -> throw new IllegalArgumentException("a kernel argument is a Long or an Integer: " + arguments[i]);
                });
            }
            check("cuLaunchKernel", NativeLibrary.callInt(launchKernel, function, blocks, 1, 1, threads, 1, 1, 0, MemorySegment.NULL,
                    parameters, MemorySegment.NULL));
        }
    }

    /** Waits for everything launched so far; a kernel's own failure shows here. */
    void synchronize() {
        check("cuCtxSynchronize", NativeLibrary.callInt(ctxSynchronize));
    }

    /** Releases the primary context this object retained. */
    @Override
    public void close() {
        check("cuDevicePrimaryCtxRelease_v2", NativeLibrary.callInt(primaryCtxRelease, device));
    }

    private void check(String call, int result) {
        if (result != SUCCESS) {
            throw new CudaException(call, errorName(result), result);
        }
    }

    private String errorName(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(ADDRESS);
            int found = NativeLibrary.callInt(getErrorName, result, name);
            return found == SUCCESS ? NativeLibrary.string(name.get(ADDRESS, 0), "CUresult " + result) : "CUresult " + result;
        }
    }

    /** Device memory, freed on close. */
    record DeviceBuffer(Cuda cuda, long pointer, long bytes) implements AutoCloseable {
        @Override
        public void close() {
            cuda.free(pointer);
        }
    }
}
