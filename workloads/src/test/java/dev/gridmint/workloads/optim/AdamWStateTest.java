package dev.gridmint.workloads.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdamWStateTest {

    private List<Parameter> params() {
        return List.of(Parameter.of("w", Matrix.randn(2, 3, 1.0, new SplittableRandom(1)), true),
                Parameter.of("b", Matrix.randn(1, 3, 1.0, new SplittableRandom(2)), false));
    }

    private void step(AdamW optimizer, List<Parameter> params, long seed) {
        SplittableRandom g = new SplittableRandom(seed);
        for (Parameter p : params) {
            p.grad().copyFrom(Matrix.randn(p.value().rows(), p.value().cols(), 1.0, g));
        }
        optimizer.step();
    }

    @Test
    void restoringAStateContinuesExactlyLikeTheOriginal() {
        List<Parameter> a = params();
        AdamW original = new AdamW(a, AdamW.Settings.of(0.01, 0.1));
        step(original, a, 1);
        step(original, a, 2);
        AdamW.State state = original.state();

        List<Parameter> b = params();
        for (int i = 0; i < a.size(); i++) {
            b.get(i).value().copyFrom(a.get(i).value());
        }
        AdamW restored = new AdamW(b, AdamW.Settings.of(0.01, 0.1));
        restored.restore(state);
        assertThat(restored.stepCount()).isEqualTo(2);
        step(original, a, 3);
        step(restored, b, 3);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
    }

    @Test
    void stateIsACopyAndMismatchedStatesAreRejected() {
        List<Parameter> a = params();
        AdamW optimizer = new AdamW(a, AdamW.Settings.of(0.01, 0.0));
        step(optimizer, a, 1);
        AdamW.State state = optimizer.state();
        state.firstMoments().getFirst().fill(99);
        assertThat(optimizer.firstMoment(0).get(0, 0)).isNotEqualTo(99);

        AdamW other = new AdamW(List.of(a.getFirst()), AdamW.Settings.of(0.01, 0.0));
        assertThatThrownBy(() -> other.restore(state)).isInstanceOf(IllegalArgumentException.class);
        AdamW.State wrongShape = new AdamW.State(1, List.of(Matrix.zeros(3, 2), Matrix.zeros(1, 3)),
                List.of(Matrix.zeros(3, 2), Matrix.zeros(1, 3)));
        assertThatThrownBy(() -> optimizer.restore(wrongShape)).hasMessageContaining("shapes");
        assertThat(optimizer.stepCount()).isEqualTo(1);
    }
}
