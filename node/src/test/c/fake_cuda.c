/*
 * TEST DOUBLE of the CUDA driver (libcuda.so.1) and of cuBLAS, for tests on machines without a GPU.
 * It is not a GPU and proves nothing about one: "device" memory is host memory, a kernel launch runs
 * the host-compiled kernel functions of node/src/main/cuda/challenge.cu (included below, so they are
 * the same source the PTX is made from) over the grid, one block and thread after another, and
 * cublasGemmEx is a plain column-major GEMM as cuBLAS documents it. It exports the entry points
 * Cuda.java and Cublas.java bind, with their C signatures, so the Java side runs through its real FFM
 * binding, and one test hook at the end (gm_test_fp16_bits). Built by the tests with gcc into target/
 * (FakeCudaLibrary.java).
 */
#include "challenge.cu"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef uint64_t CUdeviceptr;

enum {
    CUDA_SUCCESS = 0,
    CUDA_ERROR_INVALID_VALUE = 1,
    CUDA_ERROR_OUT_OF_MEMORY = 2,
    CUDA_ERROR_NOT_INITIALIZED = 3,
    CUDA_ERROR_INVALID_DEVICE = 101,
    CUDA_ERROR_INVALID_IMAGE = 200,
    CUDA_ERROR_INVALID_CONTEXT = 201,
    CUDA_ERROR_INVALID_HANDLE = 400,
    CUDA_ERROR_NOT_FOUND = 500,
};

enum {
    CUBLAS_STATUS_SUCCESS = 0,
    CUBLAS_STATUS_NOT_INITIALIZED = 1,
    CUBLAS_STATUS_INVALID_VALUE = 7,
    CUBLAS_STATUS_NOT_SUPPORTED = 15,
};

enum { CUDA_R_32F = 0, CUDA_R_16F = 2, CUDA_R_16BF = 14, CUBLAS_COMPUTE_32F = 68, CUBLAS_OP_N = 0 };

/* The memory the fake device has: enough for the tests' challenges, small enough to refuse a real-size one. */
#define FAKE_MEMORY (1ull << 30)

typedef struct { int kernel; } fake_function;
typedef struct { char *image; } fake_module;

static int initialized;
static int context_retained;
static int context_current;
static size_t memory_used;
static const fake_function GENERATE = {1};
static const fake_function LEAVES = {2};
/* The primary context is a token: this fake has one device and nothing per context. */
static int primary_context;

CUresult cuInit(unsigned int flags) {
    if (flags != 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    initialized = 1;
    return CUDA_SUCCESS;
}

CUresult cuGetErrorName(CUresult error, const char **name) {
    switch (error) {
        case CUDA_SUCCESS: *name = "CUDA_SUCCESS"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_VALUE: *name = "CUDA_ERROR_INVALID_VALUE"; return CUDA_SUCCESS;
        case CUDA_ERROR_OUT_OF_MEMORY: *name = "CUDA_ERROR_OUT_OF_MEMORY"; return CUDA_SUCCESS;
        case CUDA_ERROR_NOT_INITIALIZED: *name = "CUDA_ERROR_NOT_INITIALIZED"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_DEVICE: *name = "CUDA_ERROR_INVALID_DEVICE"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_IMAGE: *name = "CUDA_ERROR_INVALID_IMAGE"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_CONTEXT: *name = "CUDA_ERROR_INVALID_CONTEXT"; return CUDA_SUCCESS;
        case CUDA_ERROR_INVALID_HANDLE: *name = "CUDA_ERROR_INVALID_HANDLE"; return CUDA_SUCCESS;
        case CUDA_ERROR_NOT_FOUND: *name = "CUDA_ERROR_NOT_FOUND"; return CUDA_SUCCESS;
        default: *name = NULL; return CUDA_ERROR_INVALID_VALUE;
    }
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
    if (!initialized) {
        return CUDA_ERROR_NOT_INITIALIZED;
    }
    if (ordinal != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    *device = 0;
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(void **context, CUdevice device) {
    if (!initialized) {
        return CUDA_ERROR_NOT_INITIALIZED;
    }
    if (device != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    context_retained++;
    *context = &primary_context;
    return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
    if (device != 0 || context_retained == 0) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    context_retained--;
    return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(void *context) {
    if (context != &primary_context || context_retained == 0) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    context_current = 1;
    return CUDA_SUCCESS;
}

CUresult cuCtxSynchronize(void) {
    return context_current ? CUDA_SUCCESS : CUDA_ERROR_INVALID_CONTEXT;
}

CUresult cuMemGetInfo_v2(size_t *free_bytes, size_t *total_bytes) {
    if (!context_current) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    *free_bytes = FAKE_MEMORY - memory_used;
    *total_bytes = FAKE_MEMORY;
    return CUDA_SUCCESS;
}

/* An allocation keeps its size just before the bytes it hands out, to account for it when freed. */
CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
    if (!context_current) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    if (bytes == 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (bytes > FAKE_MEMORY - memory_used) {
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    size_t *block = malloc(bytes + 16);
    if (block == NULL) {
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    block[0] = bytes;
    memory_used += bytes;
    *pointer = (CUdeviceptr) (uintptr_t) ((char *) block + 16);
    return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr pointer) {
    if (pointer == 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    size_t *block = (size_t *) ((char *) (uintptr_t) pointer - 16);
    memory_used -= block[0];
    free(block);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr destination, const void *source, size_t bytes) {
    memcpy((void *) (uintptr_t) destination, source, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void *destination, CUdeviceptr source, size_t bytes) {
    memcpy(destination, (const void *) (uintptr_t) source, bytes);
    return CUDA_SUCCESS;
}

CUresult cuMemsetD32_v2(CUdeviceptr destination, unsigned int value, size_t count) {
    uint32_t *words = (uint32_t *) (uintptr_t) destination;
    for (size_t i = 0; i < count; i++) {
        words[i] = value;
    }
    return CUDA_SUCCESS;
}

/* Keeps a copy of the PTX: the real driver does not need the caller's buffer after loading either. */
CUresult cuModuleLoadData(void **module, const void *image) {
    if (!context_current) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    const char *text = image;
    if (strstr(text, ".version ") == NULL || strstr(text, ".target ") == NULL) {
        return CUDA_ERROR_INVALID_IMAGE;
    }
    fake_module *loaded = malloc(sizeof(fake_module));
    loaded->image = malloc(strlen(text) + 1);
    strcpy(loaded->image, text);
    *module = loaded;
    return CUDA_SUCCESS;
}

CUresult cuModuleUnload(void *module) {
    fake_module *loaded = module;
    free(loaded->image);
    free(loaded);
    return CUDA_SUCCESS;
}

/* Finds a kernel only if the loaded PTX declares it, so a renamed kernel fails here as on a GPU. */
CUresult cuModuleGetFunction(void **function, void *module, const char *name) {
    fake_module *loaded = module;
    char entry[128];
    if (strlen(name) > 100) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    strcpy(entry, ".entry ");
    strcat(entry, name);
    strcat(entry, "(");
    if (strstr(loaded->image, entry) == NULL) {
        return CUDA_ERROR_NOT_FOUND;
    }
    if (strcmp(name, "gm_generate") == 0) {
        *function = (void *) &GENERATE;
    } else if (strcmp(name, "gm_leaves") == 0) {
        *function = (void *) &LEAVES;
    } else {
        return CUDA_ERROR_NOT_FOUND;
    }
    return CUDA_SUCCESS;
}

static void *device_pointer(void *parameter) {
    return (void *) (uintptr_t) *(CUdeviceptr *) parameter;
}

/* Runs the kernel's host-compiled thread function for every (block, thread) of a one-dimensional grid. */
CUresult cuLaunchKernel(void *function, unsigned int grid_x, unsigned int grid_y, unsigned int grid_z, unsigned int block_x,
                        unsigned int block_y, unsigned int block_z, unsigned int shared_bytes, void *stream, void **parameters,
                        void **extra) {
    const fake_function *kernel = function;
    if (!context_current) {
        return CUDA_ERROR_INVALID_CONTEXT;
    }
    if (grid_x == 0 || block_x == 0 || block_x > 1024 || grid_y != 1 || grid_z != 1 || block_y != 1 || block_z != 1
            || parameters == NULL || extra != NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (kernel != &GENERATE && kernel != &LEAVES) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    for (unsigned int block = 0; block < grid_x; block++) {
        for (unsigned int thread = 0; thread < block_x; thread++) {
            if (kernel == &GENERATE) {
                gm_generate_thread(device_pointer(parameters[0]), *(int *) parameters[1], *(int *) parameters[2],
                                   device_pointer(parameters[3]), block, grid_x, thread, block_x);
            } else {
                gm_leaves_thread(device_pointer(parameters[0]), *(int *) parameters[1], device_pointer(parameters[2]),
                                 *(int *) parameters[3], device_pointer(parameters[4]), block, grid_x, thread, block_x);
            }
        }
    }
    return CUDA_SUCCESS;
}

/* cuBLAS's handle: this fake only checks that the context was made current first, as cuBLAS needs. */
static int cublas_handle;

int cublasCreate_v2(void **handle) {
    if (!context_current) {
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    *handle = &cublas_handle;
    return CUBLAS_STATUS_SUCCESS;
}

int cublasDestroy_v2(void *handle) {
    return handle == &cublas_handle ? CUBLAS_STATUS_SUCCESS : CUBLAS_STATUS_NOT_INITIALIZED;
}

const char *cublasGetStatusName(int status) {
    switch (status) {
        case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
        case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

static float float_of_bits(uint32_t bits) {
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

/* An fp16 or bf16 element widened to float, as the tensor cores read them. */
static float element(const void *matrix, int type, size_t index) {
    if (type == CUDA_R_32F) {
        return ((const float *) matrix)[index];
    }
    uint32_t bits = ((const uint16_t *) matrix)[index];
    if (type == CUDA_R_16BF) {
        return float_of_bits(bits << 16);
    }
    uint32_t sign = (bits & 0x8000u) << 16;
    uint32_t exponent = (bits >> 10) & 0x1fu;
    uint32_t fraction = bits & 0x3ffu;
    if (exponent == 0) {
        float magnitude = (float) fraction * 0x1.0p-24f;
        return sign ? -magnitude : magnitude;
    }
    return float_of_bits(sign | ((exponent + 112u) << 23) | (fraction << 13));
}

/* C = alpha·op(A)·op(B) + beta·C, column-major, fp32 accumulation; C is not read when beta is 0, as documented. */
int cublasGemmEx(void *handle, int transa, int transb, int m, int n, int k, const void *alpha, const void *a, int a_type, int lda,
                 const void *b, int b_type, int ldb, const void *beta, void *c, int c_type, int ldc, int compute_type, int algo) {
    if (handle != &cublas_handle) {
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    if (m < 0 || n < 0 || k < 0 || lda < (m > 1 ? m : 1) || ldb < (k > 1 ? k : 1) || ldc < (m > 1 ? m : 1)) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    int input_supported = a_type == CUDA_R_32F || a_type == CUDA_R_16F || a_type == CUDA_R_16BF;
    if (transa != CUBLAS_OP_N || transb != CUBLAS_OP_N || a_type != b_type || !input_supported || c_type != CUDA_R_32F
            || compute_type != CUBLAS_COMPUTE_32F || algo != -1) {
        return CUBLAS_STATUS_NOT_SUPPORTED;
    }
    float scale = *(const float *) alpha;
    float keep = *(const float *) beta;
    float *out = c;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float sum = 0;
            for (int l = 0; l < k; l++) {
                sum += element(a, a_type, i + (size_t) l * lda) * element(b, b_type, l + (size_t) j * ldb);
            }
            size_t at = i + (size_t) j * ldc;
            out[at] = keep == 0 ? scale * sum : scale * sum + keep * out[at];
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

/*
 * Test harness, not part of the driver double: the kernels' fp16 rounding over `count` consecutive
 * float bit patterns from `first`, for an exhaustive comparison with Java's Float.floatToFloat16.
 */
void gm_test_fp16_bits(uint32_t first, uint32_t count, uint16_t *out) {
    for (uint32_t i = 0; i < count; i++) {
        out[i] = gm_fp16_bits(float_of_bits(first + i));
    }
}
