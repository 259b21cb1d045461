package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.RewardIndex.SCALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.RewardIndex.Accrual;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RewardIndexTest {

    @Test
    void evenSplit() {
        Accrual accrual = RewardIndex.accrue(BigInteger.ZERO, 1_000, 4);
        assertThat(accrual.perShare()).isEqualTo(SCALE.multiply(BigInteger.valueOf(250)));
        assertThat(accrual.distributed()).isEqualTo(1_000);
        assertThat(accrual.dust()).isZero();
        assertThat(RewardIndex.earned(1, accrual.perShare(), BigInteger.ZERO)).isEqualTo(250);
        assertThat(RewardIndex.earned(3, accrual.perShare(), BigInteger.ZERO)).isEqualTo(750);
    }

    @Test
    void noSharesMeansAllDust() {
        BigInteger index = BigInteger.valueOf(42);
        assertThat(RewardIndex.accrue(index, 1_000, 0)).isEqualTo(new Accrual(index, 0, 1_000));
    }

    @Test
    void dustWhenSharesOutnumberTheScale() {
        // 1 unit over 3e18 shares: delta is 0, nothing can be claimed, all is dust.
        Accrual accrual = RewardIndex.accrue(BigInteger.ZERO, 1, 3_000_000_000_000_000_000L);
        assertThat(accrual).isEqualTo(new Accrual(BigInteger.ZERO, 0, 1));
    }

    @Test
    void fractionsFromSeveralAccrualsStayCovered() {
        // One holder of 3 shares, two rewards of 1. Each delta is floor(10^18 / 3), so each
        // accrual credits 0.999...9 units: a floor would call that 0 distributed, yet the two
        // together let the holder claim 1. distributed rounds the credit up instead.
        Accrual first = RewardIndex.accrue(BigInteger.ZERO, 1, 3);
        Accrual second = RewardIndex.accrue(first.perShare(), 1, 3);
        assertThat(first.distributed()).isEqualTo(1);
        assertThat(second.distributed()).isEqualTo(1);
        assertThat(RewardIndex.earned(3, first.perShare(), BigInteger.ZERO)).isZero();
        assertThat(RewardIndex.earned(3, second.perShare(), BigInteger.ZERO)).isEqualTo(1);
    }

    @Test
    void holdersNeverClaimMoreThanDistributed() {
        Random random = new Random(1_000_003);
        for (int run = 0; run < 50; run++) {
            int holders = 2 + random.nextInt(9);
            long[] shares = new long[holders];
            long totalShares = 0;
            for (int i = 0; i < holders; i++) {
                shares[i] = random.nextLong(1, random.nextBoolean() ? 1_000 : 1_000_000_000_000L);
                totalShares += shares[i];
            }
            int accruals = 1 + random.nextInt(200);
            BigInteger index = BigInteger.ZERO;
            long rewards = 0;
            long distributed = 0;
            for (int k = 0; k < accruals; k++) {
                long reward = random.nextLong(0, random.nextBoolean() ? 100 : 1_000_000_000_000L);
                Accrual accrual = RewardIndex.accrue(index, reward, totalShares);
                assertThat(accrual.distributed()).isBetween(0L, reward);
                assertThat(accrual.distributed() + accrual.dust()).isEqualTo(reward);
                index = accrual.perShare();
                rewards += reward;
                distributed += accrual.distributed();
            }
            long earned = 0;
            for (long holding : shares) {
                earned += RewardIndex.earned(holding, index, BigInteger.ZERO);
            }
            assertThat(earned).isLessThanOrEqualTo(distributed);
            assertThat(distributed).isLessThanOrEqualTo(rewards);
            assertThat(earned).isGreaterThanOrEqualTo(distributed - (long) holders * accruals);
        }
    }

    @Test
    void earnedOverAPeriod() {
        BigInteger entry = SCALE.multiply(BigInteger.TEN);
        BigInteger now = entry.add(SCALE.divide(BigInteger.TWO));
        assertThat(RewardIndex.earned(7, now, entry)).isEqualTo(3); // 3.5
        assertThat(RewardIndex.earned(0, now, entry)).isZero();
        assertThat(RewardIndex.earned(7, entry, entry)).isZero();
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> RewardIndex.accrue(BigInteger.ZERO, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardIndex.accrue(BigInteger.ZERO, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardIndex.accrue(BigInteger.ONE.negate(), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardIndex.earned(-1, BigInteger.ONE, BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RewardIndex.earned(1, BigInteger.ZERO, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
