package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RewardSplitTest {

    @Test
    void shareRoundsDown() {
        assertThat(RewardSplit.share(1_000, 8_000)).isEqualTo(800);
        assertThat(RewardSplit.share(999, 3_333)).isEqualTo(332);
        assertThat(RewardSplit.share(Long.MAX_VALUE / 2, 10_000)).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void prorateRoundsDownAndNeverPaysMoreThanThePool() {
        long pool = 1_000;
        long a = RewardSplit.prorate(pool, 1, 3);
        long b = RewardSplit.prorate(pool, 2, 3);
        assertThat(a).isEqualTo(333);
        assertThat(b).isEqualTo(666);
        assertThat(a + b).isLessThanOrEqualTo(pool);
        assertThat(RewardSplit.prorate(pool, 0, 3)).isZero();
        assertThat(RewardSplit.prorate(pool, 5, 0)).isZero();
    }

    @Test
    void refusesNegativeAmountsAndOutOfRangeShares() {
        assertThatThrownBy(() -> RewardSplit.share(-1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardSplit.share(1, 10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardSplit.prorate(1, -1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
