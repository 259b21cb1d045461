package dev.gridmint.sim.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flag on hand-made series: it needs all four conditions in the same epoch. */
class DeathSpiralTest {

    private static double[] fill(int n, double value) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, value);
        return s;
    }

    /** Ten epochs; at epoch 6 burn is tiny, margins negative, 10% of providers leave and sells exceed buys. */
    private static double[][] spiralAt6() {
        double[] burnMint = fill(10, 1.0);
        double[] margin = fill(10, 50);
        double[] providers = fill(10, 100);
        double[] sell = fill(10, 10);
        double[] buy = fill(10, 20);
        for (int t = 3; t <= 6; t++) {
            margin[t] = -5;
        }
        burnMint[6] = 0.1;
        for (int t = 6; t < 10; t++) {
            providers[t] = 90;
        }
        sell[6] = 30;
        return new double[][] {burnMint, margin, providers, sell, buy};
    }

    @Test
    void allFourConditionsAtOnceFlagTheEpoch() {
        double[][] s = spiralAt6();
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).hasValue(6);
        assertThat(DeathSpiral.SPEC.firstEpoch(s[0], s[1], s[2], s[3], s[4])).hasValue(6);
    }

    @Test
    void anyOneConditionMissingClearsTheFlag() {
        double[][] s = spiralAt6();
        s[0][6] = 0.2;
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).as("B/E at the threshold").isEmpty();
        s = spiralAt6();
        s[1][3] = 1;
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).as("three negative epochs, not four").isEmpty();
        assertThat(DeathSpiral.SPEC.firstEpoch(s[0], s[1], s[2], s[3], s[4])).as("the four-epoch margin is one figure").hasValue(6);
        s = spiralAt6();
        s[2][6] = 96;
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).as("only 4% left").isEmpty();
        s = spiralAt6();
        s[3][6] = 20;
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).as("sell/buy of exactly 1").isEmpty();
    }

    @Test
    void exactlyFivePercentFewerProvidersCounts() {
        double[][] s = spiralAt6();
        s[2][6] = 95;
        assertThat(DeathSpiral.LITERAL.firstEpoch(s[0], s[1], s[2], s[3], s[4])).hasValue(6);
    }

    @Test
    void aNetworkWithNoProvidersLeftIsNotFlaggedAgain() {
        double[] zero = fill(10, 0);
        assertThat(DeathSpiral.SPEC.firstEpoch(fill(10, 0), fill(10, -1), zero, fill(10, 2), fill(10, 1))).isEmpty();
    }
}
