/*
 * Proof-of-GPU on an NVIDIA GPU: the kernels GpuChallengeSolver launches (see docs/verification.md,
 * "Proof-of-GPU"). They draw the challenge's matrices exactly as verify's ChallengeMatrices does in
 * Java, bit for bit, and hash each row of the product into its RowMerkle leaf, so that only the n
 * leaf hashes and the opened rows ever cross the bus.
 *
 * Everything above the kernels is plain C marked GM_HD (__host__ __device__ under nvcc): the tests
 * compile this same file for the host with gcc (node/src/test/c/fake_cuda.c) and compare its output
 * with Java's. After changing this file, regenerate the PTX the agent loads with ./build-ptx.sh
 * beside it; CudaKernelsPtxTest fails while the committed PTX is out of date.
 */
#include <stdint.h>

#ifdef __CUDACC__
#define GM_HD static inline __host__ __device__
#define GM_CONSTANT __constant__
#define GM_UNROLL _Pragma("unroll")
#else
#define GM_HD static inline
#define GM_CONSTANT
#define GM_UNROLL
#endif

/* Precision codes: the ordinals of verify's Precision enum. */
#define GM_FP32 0
#define GM_FP16 1
#define GM_BF16 2

/* java.util.SplittableRandom's default gamma: new SplittableRandom(seed) adds it before each draw. */
#define GM_GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

GM_HD uint32_t gm_float_bits(float value) {
#ifdef __CUDA_ARCH__
    return __float_as_uint(value);
#else
    union { float f; uint32_t u; } pun;
    pun.f = value;
    return pun.u;
#endif
}

/* SplittableRandom.mix64 (Stafford's variant 13). */
GM_HD uint64_t gm_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/*
 * Draw number `index` (from 0) of new SplittableRandom(seed).nextDouble(-1, 1), cast to float: the
 * generator's seed after index + 1 steps of the gamma, mixed (nextLong), scaled to [0, 1) as
 * RandomGenerator.nextDouble does, then RandomSupport.boundedNextDouble's r * (bound - origin) + origin
 * with its guard against rounding up to the bound. Every step before the cast is exact in double
 * (r has 53 bits, and 2r - 1 keeps them), so contraction into an fma could not change it either.
 */
GM_HD float gm_draw(uint64_t seed, uint64_t index) {
    uint64_t z = gm_mix64(seed + (index + 1) * GM_GOLDEN_GAMMA);
    double r = (double) (z >> 11) * 0x1.0p-53;
    r = r * 2.0 + -1.0;
    if (r >= 1.0) {
        r = 0x1.fffffffffffffp-1;
    }
#ifdef __CUDA_ARCH__
    return __double2float_rn(r);
#else
    return (float) r;
#endif
}

/*
 * Java's Float.floatToFloat16 for |value| <= 1 (all a challenge draws): round to nearest, ties to
 * even, subnormal halves included. In integers, so the host build gives the same bits as the GPU.
 */
GM_HD uint16_t gm_fp16_bits(float value) {
    uint32_t bits = gm_float_bits(value);
    uint32_t sign = (bits >> 16) & 0x8000u;
    uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x38800000u) {
        /* At least 2^-14, a normal half: keep 10 of the 23 fraction bits; a carry into the exponent is right. */
        uint32_t rounded = (magnitude + 0xfffu + ((magnitude >> 13) & 1u)) & ~0x1fffu;
        return (uint16_t) (sign | ((rounded >> 13) - (112u << 10)));
    }
    uint32_t exponent = magnitude >> 23;
    if (exponent < 102u) {
        /* Below 2^-25, half the smallest subnormal: rounds to zero. */
        return (uint16_t) sign;
    }
    /* A subnormal half counts in units of 2^-24: the significand shifted down, rounded to even. */
    uint32_t significand = (magnitude & 0x7fffffu) | 0x800000u;
    uint32_t shift = 126u - exponent;
    uint32_t units = significand >> shift;
    uint32_t rest = significand & ((1u << shift) - 1u);
    uint32_t half = 1u << (shift - 1u);
    if (rest > half || (rest == half && (units & 1u))) {
        units++;
    }
    return (uint16_t) (sign | units);
}

/* ChallengeMatrices.roundToBfloat16: the top 16 bits, rounded to nearest even (no NaN arises from [-1, 1]). */
GM_HD uint16_t gm_bf16_bits(float value) {
    uint32_t bits = gm_float_bits(value);
    return (uint16_t) ((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
}

/* Element `index` of a matrix in the precision's storage: fp32, or the 16 bits of an fp16 or a bf16. */
GM_HD void gm_store(void *matrix, uint64_t index, float value, int precision) {
    if (precision == GM_FP32) {
        ((float *) matrix)[index] = value;
    } else if (precision == GM_FP16) {
        ((uint16_t *) matrix)[index] = gm_fp16_bits(value);
    } else {
        ((uint16_t *) matrix)[index] = gm_bf16_bits(value);
    }
}

/*
 * One thread's share of an n×n row-major matrix: row i is drawn from seeds[i] (ChallengeMatrices'
 * per-row generator seed, derived on the host), element j being draw j. Blocks take rows, and the
 * threads of a block take consecutive columns, so the stores coalesce.
 */
GM_HD void gm_generate_thread(const uint64_t *seeds, int n, int precision, void *matrix, uint32_t block, uint32_t blocks,
                              uint32_t thread, uint32_t threads) {
    for (uint64_t row = block; row < (uint64_t) n; row += blocks) {
        for (uint64_t column = thread; column < (uint64_t) n; column += threads) {
            gm_store(matrix, row * (uint64_t) n + column, gm_draw(seeds[row], column), precision);
        }
    }
}

GM_CONSTANT static const uint32_t GM_SHA256_K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

GM_HD uint32_t gm_rotr(uint32_t x, int bits) {
    return (x >> bits) | (x << (32 - bits));
}

/* One SHA-256 compression of the 16 message words in `w` (overwritten: the schedule rolls through them). */
GM_HD void gm_sha256_block(uint32_t state[8], uint32_t w[16]) {
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    GM_UNROLL
    for (int i = 0; i < 64; i++) {
        if (i >= 16) {
            uint32_t w15 = w[(i + 1) & 15];
            uint32_t w2 = w[(i + 14) & 15];
            uint32_t s0 = gm_rotr(w15, 7) ^ gm_rotr(w15, 18) ^ (w15 >> 3);
            uint32_t s1 = gm_rotr(w2, 17) ^ gm_rotr(w2, 19) ^ (w2 >> 10);
            w[i & 15] += s0 + w[(i + 9) & 15] + s1;
        }
        uint32_t t1 = h + (gm_rotr(e, 6) ^ gm_rotr(e, 11) ^ gm_rotr(e, 25)) + ((e & f) ^ (~e & g)) + GM_SHA256_K[i] + w[i & 15];
        uint32_t t2 = (gm_rotr(a, 2) ^ gm_rotr(a, 13) ^ gm_rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

/*
 * A RowMerkle leaf's message: the leaf tag (as ByteWriter.text writes it), the row index as a big-endian
 * i32, then the row's floats in little-endian order, which is how they lie in device memory.
 */
typedef struct {
    const uint8_t *tag;
    uint32_t tag_length;
    uint32_t row;
    const uint32_t *values;
    uint64_t value_bytes;
} gm_leaf_message;

/* Byte p of the padded message (SHA-256 padding: 0x80, zeros, the bit length as a big-endian u64). */
GM_HD uint32_t gm_message_byte(const gm_leaf_message *m, uint64_t padded, uint64_t p) {
    uint64_t header = m->tag_length + 4u;
    uint64_t length = header + m->value_bytes;
    if (p < m->tag_length) {
        return m->tag[p];
    }
    if (p < header) {
        return (m->row >> (8u * (uint32_t) (header - 1u - p))) & 0xffu;
    }
    if (p < length) {
        uint64_t offset = p - header;
        return (m->values[offset >> 2] >> (8u * (uint32_t) (offset & 3u))) & 0xffu;
    }
    if (p == length) {
        return 0x80u;
    }
    if (p >= padded - 8u) {
        return (uint32_t) ((length * 8u) >> (8u * (uint32_t) (padded - 1u - p))) & 0xffu;
    }
    return 0;
}

/*
 * The big-endian message word at byte p. Inside the row (nearly every word) it is read as two aligned
 * loads: the row starts at byte tag_length + 4 of the message, so a word straddles two floats.
 */
GM_HD uint32_t gm_message_word(const gm_leaf_message *m, uint64_t padded, uint64_t p) {
    uint64_t header = m->tag_length + 4u;
    if (p >= header && p + 4u <= header + m->value_bytes) {
        uint64_t offset = p - header;
        uint64_t k = offset >> 2;
        uint32_t shift = 8u * (uint32_t) (offset & 3u);
        uint32_t little = shift == 0 ? m->values[k] : (m->values[k] >> shift) | (m->values[k + 1] << (32u - shift));
        return (little >> 24) | ((little >> 8) & 0xff00u) | ((little << 8) & 0xff0000u) | (little << 24);
    }
    return (gm_message_byte(m, padded, p) << 24) | (gm_message_byte(m, padded, p + 1) << 16)
            | (gm_message_byte(m, padded, p + 2) << 8) | gm_message_byte(m, padded, p + 3);
}

/* SHA-256 of one leaf, written as 32 bytes to `digest`. */
GM_HD void gm_leaf(const gm_leaf_message *m, uint8_t *digest) {
    uint32_t state[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    uint64_t length = m->tag_length + 4u + m->value_bytes;
    uint64_t padded = (length + 8u) / 64u * 64u + 64u;
    uint32_t w[16];
    for (uint64_t block = 0; block < padded; block += 64u) {
        GM_UNROLL
        for (int i = 0; i < 16; i++) {
            w[i] = gm_message_word(m, padded, block + 4u * (uint64_t) i);
        }
        gm_sha256_block(state, w);
    }
    GM_UNROLL
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t) (state[i] >> 24);
        digest[4 * i + 1] = (uint8_t) (state[i] >> 16);
        digest[4 * i + 2] = (uint8_t) (state[i] >> 8);
        digest[4 * i + 3] = (uint8_t) state[i];
    }
}

/*
 * One thread's share of the leaves of an n×n row-major fp32 product: one thread hashes a whole row.
 * A row is n·4 bytes and there are n of them, so one thread per row already fills the GPU at challenge
 * sizes, without the cross-thread reduction a split row would need.
 */
GM_HD void gm_leaves_thread(const uint8_t *tag, int tag_length, const float *product, int n, uint8_t *leaves, uint32_t block,
                            uint32_t blocks, uint32_t thread, uint32_t threads) {
    uint64_t stride = (uint64_t) blocks * threads;
    for (uint64_t row = (uint64_t) block * threads + thread; row < (uint64_t) n; row += stride) {
        gm_leaf_message m;
        m.tag = tag;
        m.tag_length = (uint32_t) tag_length;
        m.row = (uint32_t) row;
        m.values = (const uint32_t *) (product + row * (uint64_t) n);
        m.value_bytes = 4u * (uint64_t) n;
        gm_leaf(&m, leaves + 32u * row);
    }
}

#ifdef __CUDACC__
extern "C" __global__ void gm_generate(const uint64_t *seeds, int n, int precision, void *matrix) {
    gm_generate_thread(seeds, n, precision, matrix, blockIdx.x, gridDim.x, threadIdx.x, blockDim.x);
}

extern "C" __global__ void gm_leaves(const uint8_t *tag, int tag_length, const float *product, int n, uint8_t *leaves) {
    gm_leaves_thread(tag, tag_length, product, n, leaves, blockIdx.x, gridDim.x, threadIdx.x, blockDim.x);
}
#endif
