package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChallengeMatricesTest {

    /** The contract a GPU prover relies on: element j of a row is draw j of a generator started from the row's seed. */
    @Test
    void aRowIsDrawnInOrderFromItsRowSeed() {
        ChallengeMatrices matrices = new ChallengeMatrices(Hash.sha256(new byte[] {1}), 33, Precision.FP32);
        for (int row = 0; row < matrices.n(); row++) {
            SplittableRandom a = new SplittableRandom(matrices.aRowSeed(row));
            SplittableRandom b = new SplittableRandom(matrices.bRowSeed(row));
            float[] aRow = matrices.aRow(row);
            float[] bRow = matrices.bRow(row);
            for (int j = 0; j < matrices.n(); j++) {
                assertThat(aRow[j]).isEqualTo((float) a.nextDouble(-1, 1));
                assertThat(bRow[j]).isEqualTo((float) b.nextDouble(-1, 1));
            }
        }
        assertThat(matrices.aRowSeed(0)).isNotEqualTo(matrices.bRowSeed(0)).isNotEqualTo(matrices.aRowSeed(1));
    }
}
