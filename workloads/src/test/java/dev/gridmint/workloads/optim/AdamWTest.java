package dev.gridmint.workloads.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamWTest {

    private static final double TOLERANCE = 1e-15;

    @Test
    void firstStepMatchesHandComputedValues() {
        Parameter weight = Parameter.of("w", Matrix.of(1, 2, 1.0, -2.0), true);
        Parameter bias = Parameter.of("b", Matrix.of(1, 1, 3.0), false);
        weight.grad().data()[0] = 0.5;
        weight.grad().data()[1] = -0.25;
        bias.grad().data()[0] = 2.0;
        AdamW adam = new AdamW(List.of(weight, bias), new AdamW.Settings(0.1, 0.9, 0.999, 1e-8, 0.01));

        adam.step();

        // m = 0.1·g, v = 0.001·g²; bias-corrected m̂ = g, v̂ = g², so the Adam step is lr·g/(|g| + ε).
        // Decoupled decay multiplies the weight (not the bias) by 1 − lr·λ = 0.999 first.
        assertThat(weight.value().data()[0]).isCloseTo(0.999 - 0.1 * 0.5 / (0.5 + 1e-8), within(TOLERANCE));
        assertThat(weight.value().data()[0]).isCloseTo(0.899000002, within(1e-12));
        assertThat(weight.value().data()[1]).isCloseTo(-1.998 + 0.1 * 0.25 / (0.25 + 1e-8), within(TOLERANCE));
        assertThat(weight.value().data()[1]).isCloseTo(-1.898000004, within(1e-12));
        assertThat(bias.value().data()[0]).isCloseTo(3.0 - 0.1 * 2.0 / (2.0 + 1e-8), within(TOLERANCE));
        assertThat(adam.firstMoment(0).data()).containsExactly(new double[] {0.05, -0.025}, within(1e-17));
        assertThat(adam.secondMoment(0).data()).containsExactly(new double[] {0.00025, 0.0000625}, within(1e-18));
        assertThat(adam.stepCount()).isEqualTo(1);
    }

    @Test
    void secondStepUsesBiasCorrection() {
        Parameter p = Parameter.of("w", Matrix.of(1, 1, 1.0), true);
        AdamW adam = new AdamW(List.of(p), new AdamW.Settings(0.1, 0.9, 0.999, 1e-8, 0.01));
        p.grad().data()[0] = 0.5;
        adam.step();
        double after1 = p.value().data()[0];
        p.grad().data()[0] = -0.5;
        adam.step();

        // m = 0.9·0.05 + 0.1·(−0.5) = −0.005,        m̂ = −0.005 / (1 − 0.9²)   = −0.005 / 0.19
        // v = 0.999·0.00025 + 0.001·0.25 = 0.00049975, v̂ = 0.00049975 / (1 − 0.999²) = 0.25
        double mHat = -0.005 / 0.19;
        double vHat = 0.25;
        double expected = after1 * 0.999 - 0.1 * mHat / (StrictMath.sqrt(vHat) + 1e-8);
        assertThat(p.value().data()[0]).isCloseTo(expected, within(1e-12));
        assertThat(p.value().data()[0]).isCloseTo(0.9033641598, within(1e-9));
    }

    @Test
    void weightDecayIsDecoupledFromTheGradient() {
        // Zero gradient: decoupled decay shrinks θ by exactly (1 − lr·λ); L2-in-the-gradient Adam would instead
        // take a normalized step of ≈ lr and give 3.9.
        Parameter p = Parameter.of("w", Matrix.of(1, 1, 4.0), true);
        Parameter noDecay = Parameter.of("b", Matrix.of(1, 1, 4.0), false);
        AdamW adam = new AdamW(List.of(p, noDecay), AdamW.Settings.of(0.1, 0.5));
        adam.step();
        assertThat(p.value().data()[0]).isCloseTo(3.8, within(TOLERANCE));
        assertThat(noDecay.value().data()[0]).isEqualTo(4.0);
    }

    @Test
    void zeroGradClearsAllGradients() {
        Parameter p = Parameter.of("w", Matrix.of(1, 2, 1.0, 2.0), true);
        p.grad().fill(3.0);
        new AdamW(List.of(p), AdamW.Settings.of(0.01, 0.0)).zeroGrad();
        assertThat(p.grad().data()).containsOnly(0.0);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new AdamW.Settings(-0.1, 0.9, 0.999, 1e-8, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new AdamW.Settings(0.1, 1.0, 0.999, 1e-8, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new AdamW.Settings(0.1, 0.9, Double.NaN, 1e-8, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new AdamW.Settings(0.1, 0.9, 0.999, 0.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new AdamW.Settings(0.1, 0.9, 0.999, 1e-8, -1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weightDecay");
    }
}
