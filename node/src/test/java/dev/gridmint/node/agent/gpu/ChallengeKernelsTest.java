package dev.gridmint.node.agent.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.agent.gpu.Cuda.DeviceBuffer;
import dev.gridmint.verify.challenge.ChallengeMatrices;
import dev.gridmint.verify.challenge.Precision;
import dev.gridmint.verify.challenge.RowMerkle;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernels of challenge.cu compiled for the HOST (through the fake driver, {@link FakeCudaLibrary}:
 * no GPU runs here) against verify's Java, bit for bit: the generated rows of A and B equal
 * {@link ChallengeMatrices}' rows, and the leaf hashes equal {@link RowMerkle}'s leaves. The grids are
 * deliberately smaller than the matrices, so every thread also takes the strided rows and columns.
 */
class ChallengeKernelsTest {

    private static Cuda cuda;
    private static MemorySegment module;
    private static MemorySegment generate;
    private static MemorySegment leaves;

    @BeforeAll
    static void load() {
        cuda = Cuda.open(FakeCudaLibrary.path().toString());
        module = cuda.loadModule(GpuChallengeSolver.ptx());
        generate = cuda.function(module, "gm_generate");
        leaves = cuda.function(module, "gm_leaves");
    }

    @AfterAll
    static void release() {
        if (cuda != null) {
            cuda.unloadModule(module);
            cuda.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void generatedRowsAreChallengeMatricesRowsBitForBit(Precision precision) {
        for (String seed : new String[] {"alpha", "beta", "gamma"}) {
            for (int n : new int[] {1, 7, 64, 129}) {
                ChallengeMatrices matrices = new ChallengeMatrices(Hash.sha256(seed.getBytes(StandardCharsets.UTF_8)), n, precision);
                float[][] a = generated(matrices, matrices::aRowSeed);
                float[][] b = generated(matrices, matrices::bRowSeed);
                for (int row = 0; row < n; row++) {
                    assertThat(bits(a[row])).as("A row %d, n = %d, seed %s", row, n, seed).isEqualTo(bits(matrices.aRow(row)));
                    assertThat(bits(b[row])).as("B row %d, n = %d, seed %s", row, n, seed).isEqualTo(bits(matrices.bRow(row)));
                }
            }
        }
    }

    /** 490,000 draws reach the rare cases of the rounding: fp16 subnormals, and ties to even in both 16-bit formats. */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP16", "BF16"})
    void theHalfRoundingAgreesOnSubnormalsAndTies(Precision precision) {
        int n = 700;
        ChallengeMatrices matrices = new ChallengeMatrices(Hash.sha256(new byte[] {7}), n, precision);
        float[][] a = generated(matrices, matrices::aRowSeed);
        int subnormals = 0;
        for (int row = 0; row < n; row++) {
            assertThat(bits(a[row])).as("row %d", row).isEqualTo(bits(matrices.aRow(row)));
            for (float value : a[row]) {
                subnormals += value != 0 && Math.abs(value) < 0x1.0p-14f ? 1 : 0;
            }
        }
        if (precision == Precision.FP16) {
            assertThat(subnormals).as("fp16 subnormals drawn").isPositive();
        }
        assertThat(ties(matrices, precision)).as("ties rounded to even").isPositive();
    }

    /**
     * Every float in ±[2^-26, 1] (all a draw can round to a nonzero half, and the zeros below), through
     * the kernels' fp16 rounding, against Java's Float.floatToFloat16: the normal and subnormal halves,
     * every tie, and the carries into the next exponent.
     */
    @Test
    void theFp16RoundingIsJavasForEveryFloatOfTheDrawnRange() throws Throwable {
        MethodHandle round = Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup(FakeCudaLibrary.path(), Arena.global()).find("gm_test_fp16_bits").orElseThrow(),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, ADDRESS));
        int chunk = 1 << 22;
        try (Arena host = Arena.ofConfined()) {
            MemorySegment out = host.allocate(JAVA_SHORT, chunk);
            for (int sign : new int[] {0, 0x8000_0000}) {
                for (int first = sign | 0x3280_0000; first < (sign | 0x3F80_0001); first += chunk) {
                    int count = Math.min(chunk, (sign | 0x3F80_0001) - first);
                    round.invokeExact(first, count, out);
                    for (int i = 0; i < count; i++) {
                        float value = Float.intBitsToFloat(first + i);
                        short expected = Float.floatToFloat16(value);
                        if (out.getAtIndex(JAVA_SHORT, i) != expected) {
                            assertThat(out.getAtIndex(JAVA_SHORT, i)).as("fp16 of %s (0x%08x)", value, first + i).isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void leafHashesAreRowMerklesLeavesForEveryRowLength() {
        SplittableRandom random = new SplittableRandom(11);
        // 38 header bytes + 4n: lengths around every SHA-256 block boundary, and a few longer rows.
        for (int n : IntStream.concat(IntStream.rangeClosed(1, 40), IntStream.of(64, 129, 300)).toArray()) {
            float[] product = new float[n * n];
            for (int i = 0; i < product.length; i++) {
                product[i] = (float) random.nextGaussian(0, 1e3);
            }
            Hash[] hashed = hashed(product, n);
            for (int row = 0; row < n; row++) {
                float[] values = Arrays.copyOfRange(product, row * n, (row + 1) * n);
                assertThat(hashed[row]).as("leaf %d of n = %d", row, n).isEqualTo(RowMerkle.leaf(row, values));
            }
        }
    }

    @Test
    void aFailedCallIsThrownWithTheDriversNameForTheError() {
        assertThatThrownBy(() -> cuda.allocate(4L << 30)).isInstanceOfSatisfying(CudaException.class, e -> {
            assertThat(e.call()).isEqualTo("cuMemAlloc_v2");
            assertThat(e.error()).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
            assertThat(e).hasMessage("cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2)");
        });
        assertThatThrownBy(() -> cuda.function(module, "gm_missing")).isInstanceOf(CudaException.class)
                .hasMessage("cuModuleGetFunction(gm_missing) failed: CUDA_ERROR_NOT_FOUND (500)");
    }

    private static float[][] generated(ChallengeMatrices matrices, IntToLongFunction rowSeed) {
        int n = matrices.n();
        int bytes = matrices.precision() == Precision.FP32 ? 4 : 2;
        int code = matrices.precision().ordinal();
        try (Arena host = Arena.ofConfined();
             DeviceBuffer seeds = cuda.allocate(8L * n);
             DeviceBuffer matrix = cuda.allocate((long) bytes * n * n)) {
            cuda.copyToDevice(seeds.pointer(), host.allocateFrom(JAVA_LONG, IntStream.range(0, n).mapToLong(rowSeed).toArray()));
            cuda.launch(generate, Math.max(1, n / 3), 32, seeds.pointer(), n, code, matrix.pointer());
            cuda.synchronize();
            MemorySegment out = host.allocate(matrix.bytes());
            cuda.copyToHost(out, matrix.pointer());
            float[][] rows = new float[n][n];
            for (int row = 0; row < n; row++) {
                for (int column = 0; column < n; column++) {
                    long index = (long) row * n + column;
                    rows[row][column] = switch (matrices.precision()) {
                        case FP32 -> out.getAtIndex(JAVA_FLOAT, index);
                        case FP16 -> Float.float16ToFloat(out.getAtIndex(JAVA_SHORT, index));
                        case BF16 -> Float.intBitsToFloat(out.getAtIndex(JAVA_SHORT, index) << 16);
                    };
                }
            }
            return rows;
        }
    }

    private static Hash[] hashed(float[] product, int n) {
        byte[] tag = RowMerkle.leafTag();
        try (Arena host = Arena.ofConfined();
             DeviceBuffer tagBuffer = cuda.allocate(tag.length);
             DeviceBuffer matrix = cuda.allocate(4L * product.length);
             DeviceBuffer out = cuda.allocate(32L * n)) {
            cuda.copyToDevice(tagBuffer.pointer(), host.allocateFrom(JAVA_BYTE, tag));
            cuda.copyToDevice(matrix.pointer(), host.allocateFrom(JAVA_FLOAT, product));
            cuda.launch(leaves, 2, 4, tagBuffer.pointer(), tag.length, matrix.pointer(), n, out.pointer());
            cuda.synchronize();
            MemorySegment digests = host.allocate(out.bytes());
            cuda.copyToHost(digests, out.pointer());
            return IntStream.range(0, n).mapToObj(i -> new Hash(digests.asSlice(32L * i, 32).toArray(JAVA_BYTE))).toArray(Hash[]::new);
        }
    }

    /** How many of the drawn floats sat exactly halfway between two values of the 16-bit format. */
    private static int ties(ChallengeMatrices matrices, Precision precision) {
        int ties = 0;
        for (int row = 0; row < matrices.n(); row++) {
            SplittableRandom draws = new SplittableRandom(matrices.aRowSeed(row));
            for (int column = 0; column < matrices.n(); column++) {
                int bits = Float.floatToRawIntBits((float) draws.nextDouble(-1, 1));
                int halfway = precision == Precision.FP16 ? 0x1000 : 0x8000;
                int mask = precision == Precision.FP16 ? 0x1fff : 0xffff;
                boolean normalHalf = precision == Precision.BF16 || Math.abs(Float.intBitsToFloat(bits)) >= 0x1.0p-14f;
                ties += normalHalf && (bits & mask) == halfway ? 1 : 0;
            }
        }
        return ties;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
