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

    @Test
    void aCorrectProductPassesInEveryPrecision() {
        for (Precision precision : Precision.values()) {
            var matrices = new ChallengeMatrices(seed(1), N, precision);
            float[] a = matrices.a();
            float[] b = matrices.b();
            float[] c = MatMul.multiply(a, b, N);
            assertThat(Freivalds.check(a, b, c, N, precision, seed(2), 20)).as(precision.name()).isEmpty();
        }
    }

    @Test
    void aSingleWrongEntryIsCaughtWithProbabilityOneMinusTwoToTheMinusRounds() {
        var matrices = new ChallengeMatrices(seed(3), N, Precision.FP32);
        float[] a = matrices.a();
        float[] b = matrices.b();
        float[] c = MatMul.multiply(a, b, N);
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
        var matrices = new ChallengeMatrices(seed(4), N, Precision.FP16);
        float[] a = matrices.a();
        float[] b = matrices.b();
        float[] c = MatMul.multiply(a, b, N);
        c[11 * N + 3] -= 0.5f;
        assertThat(Freivalds.check(a, b, c, N, Precision.FP16, seed(5), 20)).hasValueSatisfying(f -> assertThat(f.row()).isEqualTo(11));
    }
}
