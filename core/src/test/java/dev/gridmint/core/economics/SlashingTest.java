package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.economics.Slashing.Split;
import dev.gridmint.core.economics.Slashing.Take;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlashingTest {

    private static final SlashTerms T = SlashTerms.DEFAULTS;

    @Test
    void defaults() {
        assertThat(T).isEqualTo(new SlashTerms(2140, 5000, 3333, 10_000, 20, 70, 2500));
    }

    @Test
    void outagesCostDaysOfRewardRoundedUp() {
        assertThat(Slashing.amount(Offence.DECLARED_OUTAGE, T, 1_000_000, 0, 0)).isEqualTo(2_140_000);
        assertThat(Slashing.amount(Offence.DECLARED_OUTAGE, T, 1, 0, 0)).isEqualTo(3); // 2.14
        assertThat(Slashing.amount(Offence.DECLARED_OUTAGE, T, 0, 0, 0)).isZero();
        assertThat(Slashing.amount(Offence.UNDECLARED_OUTAGE, T, 1_000_000, 0, 0)).isEqualTo(5_000_000);
        assertThat(Slashing.amount(Offence.UNDECLARED_OUTAGE, T, 3, 0, 0)).isEqualTo(15);
    }

    @Test
    void stakeSharesRoundedUp() {
        assertThat(Slashing.amount(Offence.LEASE_DOWNTIME, T, 0, 10_000, 0)).isEqualTo(3_333);
        assertThat(Slashing.amount(Offence.LEASE_DOWNTIME, T, 0, 1_000_000, 0)).isEqualTo(333_300);
        assertThat(Slashing.amount(Offence.LEASE_DOWNTIME, T, 0, 1, 0)).isEqualTo(1); // 0.3333
        assertThat(Slashing.amount(Offence.FRAUD, T, 0, 1_234_567, 0)).isEqualTo(1_234_567);
        assertThat(Slashing.amount(Offence.FRAUD, T, 0, Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void earlyExitGrowsWithAgeUpToTheMaximum() {
        assertThat(Slashing.amount(Offence.EARLY_EXIT, T, 1_000, 0, 0)).isEqualTo(20_000);
        assertThat(Slashing.amount(Offence.EARLY_EXIT, T, 1_000, 0, 30)).isEqualTo(50_000);
        assertThat(Slashing.amount(Offence.EARLY_EXIT, T, 1_000, 0, 70)).isEqualTo(90_000);
        assertThat(Slashing.amount(Offence.EARLY_EXIT, T, 1_000, 0, 10_000)).isEqualTo(90_000);
        assertThatThrownBy(() -> Slashing.amount(Offence.EARLY_EXIT, T, Long.MAX_VALUE, 0, 1))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void takesRewardsThenBondedThenUnbonding() {
        assertThat(Slashing.take(50, 100, 100, 100)).isEqualTo(new Take(50, 0, 0, 50));
        assertThat(Slashing.take(150, 100, 100, 100)).isEqualTo(new Take(100, 50, 0, 150));
        assertThat(Slashing.take(250, 100, 100, 100)).isEqualTo(new Take(100, 100, 50, 250));
        assertThat(Slashing.take(250, 0, 100, 200)).isEqualTo(new Take(0, 100, 150, 250));
        assertThat(Slashing.take(0, 100, 100, 100)).isEqualTo(new Take(0, 0, 0, 0));
    }

    @Test
    void neverTakesMoreThanExists() {
        assertThat(Slashing.take(1_000, 100, 100, 100)).isEqualTo(new Take(100, 100, 100, 300));
        assertThat(Slashing.take(Long.MAX_VALUE, 0, 0, 0)).isEqualTo(new Take(0, 0, 0, 0));
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            long amount = random.nextLong(0, 1_000_000);
            long rewards = random.nextLong(0, 500_000);
            long bonded = random.nextLong(0, 500_000);
            long unbonding = random.nextLong(0, 500_000);
            Take take = Slashing.take(amount, rewards, bonded, unbonding);
            assertThat(take.total()).isEqualTo(take.fromRewards() + take.fromBonded() + take.fromUnbonding())
                    .isEqualTo(Math.min(amount, rewards + bonded + unbonding));
            assertThat(take.fromRewards()).isLessThanOrEqualTo(rewards);
            assertThat(take.fromBonded()).isLessThanOrEqualTo(bonded);
            assertThat(take.fromUnbonding()).isLessThanOrEqualTo(unbonding);
            if (take.fromBonded() > 0) {
                assertThat(take.fromRewards()).isEqualTo(rewards);
            }
            if (take.fromUnbonding() > 0) {
                assertThat(take.fromBonded()).isEqualTo(bonded);
            }
        }
    }

    @Test
    void splitRoundsTheReporterDown() {
        assertThat(Slashing.split(1_000, 2500)).isEqualTo(new Split(250, 750));
        assertThat(Slashing.split(3, 2500)).isEqualTo(new Split(0, 3)); // 0.75
        assertThat(Slashing.split(7, 2500)).isEqualTo(new Split(1, 6)); // 1.75
        assertThat(Slashing.split(1_000, 0)).isEqualTo(new Split(0, 1_000));
        assertThat(Slashing.split(1_000, 10_000)).isEqualTo(new Split(1_000, 0));
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            long total = random.nextLong(0, Long.MAX_VALUE);
            int bps = random.nextInt(0, 10_001);
            Split split = Slashing.split(total, bps);
            assertThat(split.toReporter() + split.burned()).isEqualTo(total);
            assertThat(split.toReporter()).isNotNegative();
            assertThat(split.burned()).isNotNegative();
        }
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> Slashing.amount(Offence.FRAUD, T, 0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slashing.amount(Offence.EARLY_EXIT, T, 1, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slashing.take(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slashing.take(1, 0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slashing.split(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slashing.split(1, 10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlashTerms(0, 0, 10_001, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlashTerms(-1, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
