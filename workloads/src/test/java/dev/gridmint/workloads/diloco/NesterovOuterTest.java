package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NesterovOuterTest {

    @Test
    void twoStepsMatchHandComputedValues() {
        NesterovOuter outer = new NesterovOuter(2, 0.7, 0.9);

        // b = g = (1, -2); u = 0.7 · (g + 0.9 · b) = 0.7 · 1.9 · g
        double[] first = outer.step(new double[] {1.0, -2.0});
        assertThat(first[0]).isCloseTo(1.33, within(1e-12));
        assertThat(first[1]).isCloseTo(-2.66, within(1e-12));

        // b = 0.9 · (1, -2) + (0.5, 0) = (1.4, -1.8); u = 0.7 · ((0.5, 0) + 0.9 · b) = (1.232, -1.134)
        double[] second = outer.step(new double[] {0.5, 0.0});
        assertThat(second[0]).isCloseTo(1.232, within(1e-12));
        assertThat(second[1]).isCloseTo(-1.134, within(1e-12));
        assertThat(outer.buffer()[0]).isCloseTo(1.4, within(1e-12));
        assertThat(outer.buffer()[1]).isCloseTo(-1.8, within(1e-12));
    }

    @Test
    void theStateHashFollowsTheBuffer() {
        NesterovOuter a = new NesterovOuter(2, 0.7, 0.9);
        NesterovOuter b = new NesterovOuter(2, 0.7, 0.9);
        assertThat(a.stateHash()).isEqualTo(b.stateHash());

        a.step(new double[] {1, 1});
        assertThat(a.stateHash()).isNotEqualTo(b.stateHash());
        b.step(new double[] {1, 1});
        assertThat(a.stateHash()).isEqualTo(b.stateHash());
    }
}
