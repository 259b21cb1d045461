package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import org.junit.jupiter.api.Test;

class FreivaldsTest {

    private static final int N = 48;

    private static Hash seed(long value) {
        return Seeds.derive("test", Seeds.longBytes(value));
    }

    /** A, B and their product C, all row-major. */
    private record Product(float[] a, float[] b, float[] c) {
        static Product of(long seed, Precision precision) {
            var matrices = new ChallengeMatrices(seed(seed), N, precision);
            float[] a = matrices.a();
            float[] b = matrices.b();
            return new Product(a, b, MatMul.multiply(a, b, N));
        }
    }

    @Test
    void aCorrectProductPassesInEveryPrecision() {
        for (Precision precision : Precision.values()) {
            Product p = Product.of(1, precision);
            assertThat(Freivalds.check(p.a(), p.b(), p.c(), N, precision, seed(2), 20)).as(precision.name()).isEmpty();
        }
    }

    @Test
    void aSingleWrongEntryIsCaughtWithProbabilityOneMinusTwoToTheMinusRounds() {
        Product p = Product.of(3, Precision.FP32);
        float[] a = p.a();
        float[] b = p.b();
        float[] c = p.c();
        c[7 * N + 29] += 1;
        int seeds = 400;
        int caughtInOneRound = 0;
        int caughtInTen = 0;
        for (int s = 0; s < seeds; s++) {
            caughtInOneRound += Freivalds.check(a, b, c, N, Precision.FP32, seed(100 + s), 1).isPresent() ? 1 : 0;
            caughtInTen += Freivalds.check(a, b, c, N, Precision.FP32, seed(100 + s), 10).isPresent() ? 1 : 0;
        }
        // One round: ½ (binomial sd 10 over 400); ten rounds: 1 − 2^-10, so at most a miss or two.
        assertThat(caughtInOneRound).isBetween(160, 240);
        assertThat(caughtInTen).isGreaterThanOrEqualTo(seeds - 2);
    }

    @Test
    void theFailureNamesTheWrongRow() {
        Product p = Product.of(4, Precision.FP16);
        p.c()[11 * N + 3] -= 0.5f;
        assertThat(Freivalds.check(p.a(), p.b(), p.c(), N, Precision.FP16, seed(5), 20)).hasValueSatisfying(f -> assertThat(f.row()).isEqualTo(11));
    }
}
