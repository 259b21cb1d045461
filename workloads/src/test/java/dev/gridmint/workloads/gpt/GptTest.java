package dev.gridmint.workloads.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.nn.GradientCheck;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GptTest {

    private static final GptConfig TINY = new GptConfig(5, 4, 8, 2, 2);

    /** A tiny model with large random values everywhere, so every path carries a visible gradient. */
    private static Gpt randomTiny(SplittableRandom rng) {
        List<Matrix> values = new ArrayList<>();
        for (Gpt.Shape shape : Gpt.shapes(TINY)) {
            values.add(Matrix.randn(shape.rows(), shape.cols(), 0.5, rng));
        }
        return Gpt.of(TINY, values);
    }

    @Test
    void wholeModelGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        Gpt gpt = randomTiny(rng);
        int[][] tokens = {{0, 1, 2, 3}, {4, 4, 0, 2}};
        int[][] targets = {{1, 2, 3, 0}, {4, 0, 2, 1}};
        gpt.lossAndBackward(tokens, targets);
        for (Parameter p : gpt.parameters()) {
            GradientCheck.check(p.name(), p.value(), p.grad(), () -> gpt.loss(tokens, targets), 1e-4);
        }
    }

    @Test
    void shorterSequencesUseThePositionPrefix() {
        Gpt gpt = randomTiny(new SplittableRandom(6));
        int[][] tokens = {{0, 1, 2}};
        int[][] targets = {{1, 2, 3}};
        gpt.lossAndBackward(tokens, targets);
        Parameter positions = gpt.parameters().get(1);
        GradientCheck.check("positions", positions.value(), positions.grad(), () -> gpt.loss(tokens, targets));
    }

    @Test
    void parametersAreInTheDocumentedOrderWithTheirShapes() {
        Gpt gpt = Gpt.initialize(TINY, new SplittableRandom(1));
        List<Gpt.Shape> shapes = Gpt.shapes(TINY);
        assertThat(gpt.parameters()).hasSize(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            Parameter p = gpt.parameters().get(i);
            assertThat(p.name()).isEqualTo(shapes.get(i).name());
            assertThat(p.value().shape()).isEqualTo(shapes.get(i).rows() + "x" + shapes.get(i).cols());
        }
        assertThat(gpt.parameters().getFirst().name()).isEqualTo("embed.tokens");
        assertThat(gpt.parameters().getLast().name()).isEqualTo("head.bias");
    }

    @Test
    void initialLossIsNearUniform() {
        Gpt gpt = Gpt.initialize(TINY, new SplittableRandom(2));
        double loss = gpt.loss(new int[][] {{0, 1, 2, 3}}, new int[][] {{1, 2, 3, 4}});
        assertThat(loss).isBetween(Math.log(5) - 0.05, Math.log(5) + 0.05);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        byte[] a = new GptModel(vocabulary(), Gpt.initialize(TINY, new SplittableRandom(9))).toBytes();
        byte[] b = new GptModel(vocabulary(), Gpt.initialize(TINY, new SplittableRandom(9))).toBytes();
        byte[] c = new GptModel(vocabulary(), Gpt.initialize(TINY, new SplittableRandom(10))).toBytes();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new GptConfig(28, 32, 50, 2, 4)).hasMessageContaining("multiple of heads");
        assertThatThrownBy(() -> new GptConfig(1, 32, 48, 2, 4)).hasMessageContaining("vocabularySize");
        assertThatThrownBy(() -> new GptConfig(28, 0, 48, 2, 4)).hasMessageContaining("contextLength");
    }

    static dev.gridmint.workloads.names.Vocabulary vocabulary() {
        return dev.gridmint.workloads.names.Vocabulary.of('.', 'a', 'b', 'c', 'd');
    }
}
