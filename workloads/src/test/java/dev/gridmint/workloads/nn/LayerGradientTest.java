package dev.gridmint.workloads.nn;

import static dev.gridmint.workloads.nn.GradientCheck.check;
import static dev.gridmint.workloads.nn.GradientCheck.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numerical gradient checks of each layer against its hand-written backward pass. */
class LayerGradientTest {

    private final SplittableRandom rng = new SplittableRandom(2024);

    @Test
    void linearGradients() {
        Linear linear = new Linear("l", Matrix.randn(4, 3, 1.0, rng), Matrix.randn(1, 3, 1.0, rng));
        Matrix x = Matrix.randn(5, 4, 1.0, rng);
        Matrix r = Matrix.randn(5, 3, 1.0, rng);

        linear.forward(x);
        Matrix dx = linear.backward(r);

        check("x", x, dx, () -> dot(linear.forward(x), r));
        check("weight", linear.weight().value(), linear.weight().grad(), () -> dot(linear.forward(x), r));
        check("bias", linear.bias().value(), linear.bias().grad(), () -> dot(linear.forward(x), r));
    }

    @Test
    void linearAccumulatesGradientsAcrossBackwardCalls() {
        Linear linear = new Linear("l", Matrix.randn(2, 2, 1.0, rng), Matrix.zeros(1, 2));
        Matrix x = Matrix.randn(3, 2, 1.0, rng);
        Matrix r = Matrix.randn(3, 2, 1.0, rng);
        linear.forward(x);
        linear.backward(r);
        Matrix once = linear.weight().grad().copy();
        linear.forward(x);
        linear.backward(r);
        for (int i = 0; i < once.size(); i++) {
            assertThat(linear.weight().grad().data()[i]).isCloseTo(2 * once.data()[i], within(1e-12));
        }
    }

    @Test
    void tanhGradient() {
        Tanh tanh = new Tanh();
        Matrix x = Matrix.randn(4, 6, 1.5, rng);
        Matrix r = Matrix.randn(4, 6, 1.0, rng);
        tanh.forward(x);
        Matrix dx = tanh.backward(r);
        check("x", x, dx, () -> dot(tanh.forward(x), r));
        assertThat(tanh.parameters()).isEmpty();
    }

    @Test
    void embeddingGradientIncludingRepeatedTokens() {
        Embedding embedding = new Embedding("e", Matrix.randn(5, 3, 1.0, rng));
        int[][] tokens = {{0, 0, 4}, {4, 2, 0}, {1, 1, 1}};
        Matrix r = Matrix.randn(3, 9, 1.0, rng);
        Matrix out = embedding.forward(tokens);
        assertThat(out.get(1, 0)).isEqualTo(embedding.table().value().get(4, 0));
        assertThat(out.get(1, 8)).isEqualTo(embedding.table().value().get(0, 2));
        embedding.backward(r);
        check("table", embedding.table().value(), embedding.table().grad(),
                () -> dot(embedding.forward(tokens), r));
        // Token 3 is never looked up, so its row gets no gradient.
        for (int d = 0; d < 3; d++) {
            assertThat(embedding.table().grad().get(3, d)).isZero();
        }
    }

    @Test
    void crossEntropyGradientAndValue() {
        CrossEntropy ce = new CrossEntropy();
        Matrix logits = Matrix.randn(4, 5, 2.0, rng);
        int[] targets = {0, 4, 2, 2};
        ce.forward(logits, targets);
        Matrix dLogits = ce.backward();
        check("logits", logits, dLogits, () -> ce.forward(logits, targets));

        // Uniform logits: the loss is ln(classes).
        assertThat(ce.forward(Matrix.zeros(3, 7), new int[] {0, 3, 6}))
                .isCloseTo(StrictMath.log(7), within(1e-15));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        CrossEntropy ce = new CrossEntropy();
        double loss = ce.forward(Matrix.of(1, 3, 1000, -1000, 0), new int[] {1});
        assertThat(loss).isCloseTo(2000.0, within(1e-9));
        assertThat(ce.backward().data()).doesNotContain(Double.NaN);
    }

    @Test
    void backwardBeforeForwardIsAnError() {
        assertThatThrownBy(() -> new Tanh().backward(Matrix.zeros(1, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CrossEntropy().backward()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Linear("l", Matrix.zeros(2, 2), Matrix.zeros(1, 2)).backward(Matrix.zeros(1, 2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
