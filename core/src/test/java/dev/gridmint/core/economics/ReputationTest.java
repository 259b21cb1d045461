package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReputationTest {

    @Test
    void movesAShareOfTheWayTowardsTheVerdict() {
        assertThat(Reputation.update(500, 1000, 2_000)).isEqualTo(600);
        assertThat(Reputation.update(500, 0, 2_000)).isEqualTo(400);
        assertThat(Reputation.update(500, 500, 2_000)).isEqualTo(500);
    }

    @Test
    void aRunOfPerfectVerdictsReachesTheTopExactly() {
        int reputation = Reputation.NEUTRAL;
        for (int i = 0; i < 100; i++) {
            reputation = Reputation.update(reputation, Reputation.MAX, 1_000);
        }
        assertThat(reputation).isEqualTo(Reputation.MAX);
    }

    @Test
    void aRunOfFailuresReachesZeroExactly() {
        int reputation = Reputation.MAX;
        for (int i = 0; i < 100; i++) {
            reputation = Reputation.update(reputation, 0, 1_000);
        }
        assertThat(reputation).isZero();
    }

    @Test
    void neverLeavesTheRange() {
        assertThat(Reputation.update(0, 1000, 10_000)).isEqualTo(1000);
        assertThat(Reputation.update(1000, 0, 10_000)).isZero();
        assertThat(Reputation.update(1000, 0, 0)).isEqualTo(1000);
        assertThatThrownBy(() -> Reputation.update(1001, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reputation.update(10, -1, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
