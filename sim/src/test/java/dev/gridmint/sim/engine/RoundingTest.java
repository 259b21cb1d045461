package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The claim's cheap rounding is {@link Math#round} for every non-negative double. */
class RoundingTest {

    @Test
    void roundNonNegativeIsMathRound() {
        double[] edges = {0, -0.0, Double.MIN_VALUE, 0.25, 0.49999999999999994, 0.5, 0.5000000000000001, 1.5, 2.5,
                0x1p52 - 0.5, 0x1p52, 0x1p52 + 1, 0x1p53 + 2, 9.3e18, 1e300, Double.POSITIVE_INFINITY, Double.NaN};
        for (double x : edges) {
            assertThat(Simulation.roundNonNegative(x)).as("%s", x).isEqualTo(Math.round(x));
        }
        var random = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextDouble() * 1e12;
                case 1 -> Math.floor(random.nextDouble() * 1e9) + 0.5;
                case 2 -> Math.nextDown(Math.floor(random.nextDouble() * 1e15) + 0.5);
                default -> Double.longBitsToDouble(random.nextLong(0x7FF0000000000000L));
            };
            assertThat(Simulation.roundNonNegative(x)).as("%s", x).isEqualTo(Math.round(x));
        }
    }
}
