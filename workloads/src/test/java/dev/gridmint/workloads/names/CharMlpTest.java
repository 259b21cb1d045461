package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gridmint.workloads.nn.GradientCheck;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CharMlpTest {

    @Test
    void wholeModelGradientMatchesCentralDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        int vocab = 5;
        int context = 2;
        int dim = 3;
        int hidden = 4;
        // Every parameter random (including biases and a non-tiny output layer) so that every path is exercised.
        CharMlp model = CharMlp.of(context, Matrix.randn(vocab, dim, 1.0, rng),
                Matrix.randn(context * dim, hidden, 0.7, rng), Matrix.randn(1, hidden, 0.5, rng),
                Matrix.randn(hidden, vocab, 0.7, rng), Matrix.randn(1, vocab, 0.5, rng));
        Examples batch = new Examples(new int[][] {{0, 0}, {0, 3}, {3, 1}, {1, 1}, {4, 2}, {2, 0}},
                new int[] {3, 1, 1, 4, 0, 2});

        for (Parameter p : model.parameters()) {
            p.zeroGrad();
        }
        double loss = model.lossAndBackward(batch);
        assertThat(loss).isEqualTo(model.meanLoss(batch));

        double worst = 0.0;
        for (Parameter p : model.parameters()) {
            worst = Math.max(worst, GradientCheck.check(p.name(), p.value(), p.grad(), () -> model.meanLoss(batch)));
        }
        assertThat(worst).isLessThan(GradientCheck.MAX_RELATIVE_ERROR);
    }

    @Test
    void parametersComeInTheDocumentedOrder() {
        CharMlp model = CharMlp.initialize(28, 3, 10, 128, new SplittableRandom(1));
        assertThat(model.parameters()).extracting(Parameter::name)
                .containsExactly("embedding", "hidden.weight", "hidden.bias", "output.weight", "output.bias");
        assertThat(model.parameters()).extracting(Parameter::size)
                .containsExactly(28 * 10, 30 * 128, 128, 128 * 28, 28);
    }

    @Test
    void initialLossIsCloseToUniform() {
        NamesDataset data = NamesDataset.bundled();
        CharMlp model = CharMlp.initialize(data.vocabulary().size(), 3, 10, 128, new SplittableRandom(5));
        Examples all = Examples.of(data.names(), data.vocabulary(), 3);
        assertThat(model.meanLoss(all)).isCloseTo(StrictMath.log(28), within(0.05));
    }

    @Test
    void meanLossChunksAgreeWithOneBigBatch() {
        NamesDataset data = NamesDataset.bundled();
        CharMlp model = CharMlp.initialize(data.vocabulary().size(), 3, 4, 8, new SplittableRandom(5));
        Examples all = Examples.of(data.names().subList(0, 1500), data.vocabulary(), 3);
        assertThat(all.size()).isGreaterThan(4096); // more than one evaluation chunk
        double chunked = model.meanLoss(all);
        dev.gridmint.workloads.nn.CrossEntropy ce = new dev.gridmint.workloads.nn.CrossEntropy();
        double whole = ce.forward(model.logits(all.contexts()), all.targets());
        assertThat(chunked).isCloseTo(whole, within(1e-12));
    }

    @Test
    void initializationIsSeeded() {
        List<Parameter> a = CharMlp.initialize(28, 3, 10, 16, new SplittableRandom(3)).parameters();
        List<Parameter> b = CharMlp.initialize(28, 3, 10, 16, new SplittableRandom(3)).parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
        }
    }
}
