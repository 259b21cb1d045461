package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import java.util.SplittableRandom;

/**
 * The two n×n inputs of a challenge, derived from its seed. Each row has its own generator,
 * seeded from (seed, matrix, row), so a checker can regenerate one row of A, or stream B row by
 * row, without materialising anything else. Entries are uniform in [-1, 1] and already
 * representable in the challenge's precision, so every device multiplies exactly the same numbers
 * and the error bound of {@link Precision} is about accumulation alone.
 *
 * <p>Row i's element j is draw j of {@code new SplittableRandom(rowSeed)} ({@code nextDouble(-1, 1)}),
 * cast to float and rounded to the precision. A GPU prover takes the row seeds from here and draws
 * the elements on the device with a bit-exact copy of that arithmetic (node's {@code challenge.cu}).
 */
public record ChallengeMatrices(Hash seed, int n, Precision precision) {

    private static final String DOMAIN = "gridmint/verify/matrix/v1";
    private static final byte[] A = {'A'};
    private static final byte[] B = {'B'};

    public static ChallengeMatrices of(Challenge challenge) {
        return new ChallengeMatrices(challenge.seed(), challenge.n(), challenge.precision());
    }

    public float[] aRow(int row) {
        return row(A, row);
    }

    public float[] bRow(int row) {
        return row(B, row);
    }

    /** The generator seed of A's row {@code row}. */
    public long aRowSeed(int row) {
        return rowSeed(A, row);
    }

    /** The generator seed of B's row {@code row}. */
    public long bRowSeed(int row) {
        return rowSeed(B, row);
    }

    /** A, row-major. */
    public float[] a() {
        return whole(A);
    }

    /** B, row-major. */
    public float[] b() {
        return whole(B);
    }

    private float[] whole(byte[] tag) {
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an n = " + n + " matrix does not fit one Java array; GPU agents stream it");
        }
        float[] matrix = new float[n * n];
        for (int row = 0; row < n; row++) {
            System.arraycopy(row(tag, row), 0, matrix, row * n, n);
        }
        return matrix;
    }

    private long rowSeed(byte[] tag, int row) {
        return Seeds.seed(DOMAIN, seed.bytes(), tag, Seeds.intBytes(row));
    }

    private float[] row(byte[] tag, int row) {
        SplittableRandom random = new SplittableRandom(rowSeed(tag, row));
        float[] values = new float[n];
        for (int j = 0; j < n; j++) {
            values[j] = representable((float) random.nextDouble(-1, 1));
        }
        return values;
    }

    private float representable(float value) {
        return switch (precision) {
            case FP32 -> value;
            case FP16 -> Float.float16ToFloat(Float.floatToFloat16(value));
            case BF16 -> Float.intBitsToFloat(roundToBfloat16(Float.floatToRawIntBits(value)));
        };
    }

    /** Keeps the top 16 bits, rounding to nearest even (no NaNs arise from [-1, 1]). */
    private static int roundToBfloat16(int bits) {
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF_0000;
    }
}
