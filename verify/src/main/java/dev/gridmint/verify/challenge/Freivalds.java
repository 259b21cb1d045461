package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Freivalds' check of a whole product: A(Br) = Cr for a vector r ∈ {0,1}ⁿ drawn from the seed,
 * in O(n²). A product wrong in some entry (i, j) by more than row i's tolerance survives a round
 * only if r_j = 0, so with probability ½; after {@code rounds} independent rounds, at most
 * 2^-rounds. In floating point each row compares within {@link Precision#tolerance} of
 * (|A||B|r)_i, the sum of the bounds of the entries r selects.
 */
public final class Freivalds {

    private static final String DOMAIN = "gridmint/verify/freivalds/v1";

    /** The round and row where A(Br) and Cr disagree beyond the tolerance. */
    public record Failure(int round, int row, double expected, double claimed, double tolerance) {}

    private Freivalds() {}

    public static Optional<Failure> check(float[] a, float[] b, float[] c, int n, Precision precision, Hash seed, int rounds) {
        for (int round = 0; round < rounds; round++) {
            double[] r = zeroOneVector(seed, round, n);
            double[] br = multiply(b, r, n, false);
            double[] absBr = multiply(b, r, n, true);
            double[] abr = multiply(a, br, n, false);
            double[] bound = multiply(a, absBr, n, true);
            double[] cr = multiply(c, r, n, false);
            for (int i = 0; i < n; i++) {
                double tolerance = precision.tolerance(n, bound[i]);
                if (!(Math.abs(abr[i] - cr[i]) <= tolerance)) {
                    return Optional.of(new Failure(round, i, abr[i], cr[i], tolerance));
                }
            }
        }
        return Optional.empty();
    }

    private static double[] zeroOneVector(Hash seed, int round, int n) {
        SplittableRandom random = Seeds.random(DOMAIN, seed.bytes(), Seeds.intBytes(round));
        double[] r = new double[n];
        for (int j = 0; j < n; j++) {
            r[j] = random.nextBoolean() ? 1 : 0;
        }
        return r;
    }

    /** M·v, or |M|·v when {@code absolute}, in double. */
    private static double[] multiply(float[] m, double[] v, int n, boolean absolute) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum += (absolute ? Math.abs(m[row + j]) : m[row + j]) * v[j];
            }
            out[i] = sum;
        }
        return out;
    }
}
