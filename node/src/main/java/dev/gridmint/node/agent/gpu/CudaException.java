package dev.gridmint.node.agent.gpu;

/**
 * A CUDA driver or cuBLAS call that returned an error. The message names the call and the library's
 * own name for the error (e.g. {@code cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2)}), which is
 * what an operator can look up.
 */
public final class CudaException extends RuntimeException {

    private final String call;
    private final String error;

    CudaException(String call, String error, int code) {
        super(call + " failed: " + error + " (" + code + ")");
        this.call = call;
        this.error = error;
    }

    /** The C function that failed. */
    public String call() {
        return call;
    }

    /** The library's name for the error, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY} or {@code CUBLAS_STATUS_NOT_SUPPORTED}. */
    public String error() {
        return error;
    }
}
