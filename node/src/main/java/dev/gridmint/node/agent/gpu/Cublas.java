package dev.gridmint.node.agent.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * cuBLAS ({@code libcublas.so.13} or {@code .so.12}) through the JDK's FFM API: one handle, one GEMM.
 * The handle is created on the context that is current when this opens, {@link Cuda}'s primary one,
 * so it works on that context's buffers. Same threading rule as {@link Cuda}.
 */
final class Cublas implements AutoCloseable {

    private static final int SUCCESS = 0;
    private static final int OP_N = 0;
    /** {@code cudaDataType} of the product: fp32 for every challenge precision. */
    private static final int CUDA_R_32F = 0;
    /**
     * {@code CUBLAS_COMPUTE_32F}: fp32 accumulation, the accumulation {@code Precision}'s error bound
     * assumes. Unlike {@code CUBLAS_COMPUTE_32F_FAST_TF32} it never rounds fp32 inputs to TF32 (in the
     * handle's default math mode), which would break the fp32 bound; fp16 and bf16 inputs still run on
     * the tensor cores, accumulating in fp32.
     */
    private static final int COMPUTE_32F = 68;
    private static final int GEMM_DEFAULT = -1;

    /** The input formats a challenge is run in, by their {@code cudaDataType}. */
    enum Input {
        FP32(0),
        FP16(2),
        BF16(14);

        final int cudaType;

        Input(int cudaType) {
            this.cudaType = cudaType;
        }
    }

    private final MethodHandle gemmEx;
    private final MethodHandle destroy;
    private final MethodHandle statusName;
    private final String library;
    private final MemorySegment handle;

    private Cublas(NativeLibrary cublas) {
        library = cublas.name();
        gemmEx = cublas.function("cublasGemmEx", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT));
        destroy = cublas.function("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        statusName = cublas.function("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle create = cublas.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment created = arena.allocate(ADDRESS);
            check("cublasCreate_v2", NativeLibrary.callInt(create, created));
            handle = created.get(ADDRESS, 0);
        }
    }

    /**
     * @throws NativeLibrary.LibraryUnavailable when the library or one of its functions is missing
     * @throws CudaException when cuBLAS cannot start on the current context
     */
    static Cublas open(String library) {
        loadLtBeside(library);
        return new Cublas(NativeLibrary.open(library));
    }

    /**
     * cuBLAS needs cuBLASLt, which lies beside it in a toolkit or wheel folder the loader may not
     * search. Loaded first by path, it is already there when cuBLAS's dependency on it is resolved.
     */
    private static void loadLtBeside(String library) {
        Path path = Path.of(library);
        if (path.getParent() != null) {
            Path lt = path.resolveSibling(path.getFileName().toString().replace("libcublas.", "libcublasLt."));
            if (Files.isRegularFile(lt)) {
                NativeLibrary.open(lt.toString());
            }
        }
    }

    String library() {
        return library;
    }

    /**
     * C = A·B + beta·C for n×n row-major matrices on the device, C in fp32, on the default stream.
     * cuBLAS is column-major, and a row-major matrix is its transpose seen column-major, so this asks
     * cuBLAS for Cᵀ = Bᵀ·Aᵀ: B first. With beta = 0, C's contents are not read.
     */
    void multiply(int n, Input input, long a, long b, long c, float beta) {
        try (Arena arena = Arena.ofConfined()) {
            check("cublasGemmEx", NativeLibrary.callInt(gemmEx, handle, OP_N, OP_N, n, n, n, arena.allocateFrom(JAVA_FLOAT, 1f),
                    MemorySegment.ofAddress(b), input.cudaType, n, MemorySegment.ofAddress(a), input.cudaType, n,
                    arena.allocateFrom(JAVA_FLOAT, beta), MemorySegment.ofAddress(c), CUDA_R_32F, n, COMPUTE_32F, GEMM_DEFAULT));
        }
    }

    @Override
    public void close() {
        check("cublasDestroy_v2", NativeLibrary.callInt(destroy, handle));
    }

    private void check(String call, int status) {
        if (status != SUCCESS) {
            String name = NativeLibrary.string((MemorySegment) NativeLibrary.call(statusName, status), "cublasStatus_t " + status);
            throw new CudaException(call, name, status);
        }
    }
}
