package dev.gridmint.workloads.nn;

import static dev.gridmint.workloads.nn.GradientCheck.check;
import static dev.gridmint.workloads.nn.GradientCheck.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the transformer's layers against their hand-written backward passes. */
class TransformerLayerGradientTest {

    private final SplittableRandom rng = new SplittableRandom(77);

    @Test
    void layerNormGradients() {
        LayerNorm norm = new LayerNorm("ln", 6);
        norm.gain().value().copyFrom(Matrix.randn(1, 6, 1.0, rng));
        norm.bias().value().copyFrom(Matrix.randn(1, 6, 1.0, rng));
        Matrix x = Matrix.randn(4, 6, 2.0, rng);
        Matrix r = Matrix.randn(4, 6, 1.0, rng);
        norm.forward(x);
        Matrix dx = norm.backward(r);
        check("x", x, dx, () -> dot(norm.forward(x), r));
        check("gain", norm.gain().value(), norm.gain().grad(), () -> dot(norm.forward(x), r));
        check("bias", norm.bias().value(), norm.bias().grad(), () -> dot(norm.forward(x), r));
    }

    @Test
    void layerNormOutputHasZeroMeanAndUnitVariancePerRow() {
        LayerNorm norm = new LayerNorm("ln", 8);
        Matrix y = norm.forward(Matrix.randn(3, 8, 5.0, rng));
        for (int r = 0; r < 3; r++) {
            double mean = 0;
            double square = 0;
            for (int c = 0; c < 8; c++) {
                mean += y.get(r, c) / 8;
                square += y.get(r, c) * y.get(r, c) / 8;
            }
            assertThat(mean).isCloseTo(0.0, within(1e-12));
            assertThat(square).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void geluGradientAndKnownValues() {
        Gelu gelu = new Gelu();
        Matrix x = Matrix.randn(3, 7, 2.0, rng);
        Matrix r = Matrix.randn(3, 7, 1.0, rng);
        gelu.forward(x);
        Matrix dx = gelu.backward(r);
        check("x", x, dx, () -> dot(gelu.forward(x), r));
        Matrix known = gelu.forward(Matrix.of(1, 3, 0.0, 1.0, -1.0));
        assertThat(known.get(0, 0)).isEqualTo(0.0);
        assertThat(known.get(0, 1)).isCloseTo(0.8412, within(1e-4));
        assertThat(known.get(0, 2)).isCloseTo(-0.1588, within(1e-4));
    }

    @Test
    void causalAttentionGradients() {
        int dim = 6;
        int heads = 2;
        int seqLen = 4;
        CausalAttention attention = new CausalAttention(dim, heads);
        Matrix qkv = Matrix.randn(3 * seqLen, 3 * dim, 1.0, rng);
        Matrix r = Matrix.randn(3 * seqLen, dim, 1.0, rng);
        attention.forward(qkv, seqLen);
        Matrix dqkv = attention.backward(r);
        check("qkv", qkv, dqkv, () -> dot(attention.forward(qkv, seqLen), r));
    }

    @Test
    void causalAttentionNeverLooksAhead() {
        int dim = 4;
        int seqLen = 5;
        CausalAttention attention = new CausalAttention(dim, 2);
        Matrix qkv = Matrix.randn(seqLen, 3 * dim, 1.0, rng);
        Matrix before = attention.forward(qkv, seqLen);
        for (int c = 0; c < 3 * dim; c++) {
            qkv.set(seqLen - 1, c, qkv.get(seqLen - 1, c) + 10.0); // change only the last position
        }
        Matrix after = attention.forward(qkv, seqLen);
        for (int i = 0; i < seqLen - 1; i++) {
            for (int c = 0; c < dim; c++) {
                assertThat(after.get(i, c)).isEqualTo(before.get(i, c));
            }
        }
        assertThat(after.get(seqLen - 1, 0)).isNotEqualTo(before.get(seqLen - 1, 0));
    }

    @Test
    void firstPositionAttendsOnlyToItsOwnValue() {
        CausalAttention attention = new CausalAttention(2, 1);
        Matrix qkv = Matrix.of(2, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Matrix out = attention.forward(qkv, 2);
        assertThat(out.get(0, 0)).isEqualTo(5.0);
        assertThat(out.get(0, 1)).isEqualTo(6.0);
    }

    @Test
    void tokenPositionEmbeddingGradients() {
        TokenPositionEmbedding embedding = new TokenPositionEmbedding("e", Matrix.randn(5, 3, 1.0, rng),
                Matrix.randn(4, 3, 1.0, rng));
        int[][] tokens = {{1, 2, 1}, {4, 0, 1}}; // repeated tokens, sequences shorter than the table
        Matrix r = Matrix.randn(6, 3, 1.0, rng);
        embedding.forward(tokens);
        embedding.backward(r);
        Parameter table = embedding.parameters().get(0);
        Parameter positions = embedding.parameters().get(1);
        check("tokens", table.value(), table.grad(), () -> dot(embedding.forward(tokens), r));
        check("positions", positions.value(), positions.grad(), () -> dot(embedding.forward(tokens), r));
        assertThat(positions.grad().get(3, 0)).isEqualTo(0.0);
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> new CausalAttention(6, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CausalAttention(4, 2).forward(Matrix.zeros(5, 12), 2))
                .isInstanceOf(IllegalArgumentException.class);
        TokenPositionEmbedding embedding = new TokenPositionEmbedding("e", Matrix.zeros(3, 2), Matrix.zeros(2, 2));
        assertThatThrownBy(() -> embedding.forward(new int[][] {{0, 1, 2}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedding.forward(new int[][] {{0, 3}}))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
