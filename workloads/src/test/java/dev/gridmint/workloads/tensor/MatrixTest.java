package dev.gridmint.workloads.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void matmulMatchesHandComputedProduct() {
        Matrix a = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        Matrix b = Matrix.of(3, 2, 7, 8, 9, 10, 11, 12);
        assertThat(Matrix.matmul(a, b)).isEqualTo(Matrix.of(2, 2, 58, 64, 139, 154));
    }

    @Test
    void transposedProductsAgreeWithExplicitTranspose() {
        SplittableRandom rng = new SplittableRandom(3);
        Matrix a = Matrix.randn(5, 4, 1.0, rng);
        Matrix b = Matrix.randn(5, 3, 1.0, rng);
        Matrix c = Matrix.randn(6, 4, 1.0, rng);

        Matrix target = Matrix.of(4, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Matrix.addTransposeAMatmul(a, b, target);
        Matrix expected = Matrix.matmul(a.transpose(), b);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(target.data()[i]).isCloseTo(expected.data()[i] + 1.0, within(1e-12));
        }
        assertThat(Matrix.matmulTransposeB(a, c)).isEqualTo(Matrix.matmul(a, c.transpose()));
    }

    @Test
    void transposeSwapsIndices() {
        Matrix m = Matrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        assertThat(m.transpose()).isEqualTo(Matrix.of(3, 2, 1, 4, 2, 5, 3, 6));
    }

    @Test
    void rowVectorHelpers() {
        Matrix m = Matrix.of(2, 2, 1, 2, 3, 4);
        m.addRowVectorInPlace(Matrix.of(1, 2, 10, 20));
        assertThat(m).isEqualTo(Matrix.of(2, 2, 11, 22, 13, 24));
        Matrix sums = Matrix.zeros(1, 2);
        m.addColumnSumsTo(sums);
        assertThat(sums).isEqualTo(Matrix.of(1, 2, 24, 46));
    }

    @Test
    void randnIsSeededAndRoughlyStandardNormal() {
        Matrix a = Matrix.randn(100, 101, 2.0, new SplittableRandom(9));
        Matrix b = Matrix.randn(100, 101, 2.0, new SplittableRandom(9));
        assertThat(a).isEqualTo(b);
        double mean = 0;
        for (double v : a.data()) {
            mean += v;
        }
        mean /= a.size();
        double var = 0;
        for (double v : a.data()) {
            var += (v - mean) * (v - mean);
        }
        var /= a.size();
        assertThat(mean).isBetween(-0.1, 0.1);
        assertThat(StrictMath.sqrt(var)).isBetween(1.9, 2.1);
    }

    @Test
    void rejectsBadShapes() {
        assertThatThrownBy(() -> Matrix.zeros(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Matrix.of(2, 2, 1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Matrix.matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x3");
        assertThatThrownBy(() -> Matrix.zeros(2, 2).get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
