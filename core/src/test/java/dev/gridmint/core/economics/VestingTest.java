package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VestingTest {

    private static final long TOTAL = 1_200_000_000L;
    private static final long START = 1_000L;
    private static final long CLIFF = 100L;
    private static final long DURATION = 400L;

    private static long vested(long now) {
        return Vesting.vested(TOTAL, START, CLIFF, DURATION, now);
    }

    @Test
    void nothingBeforeTheCliff() {
        assertThat(vested(0)).isZero();
        assertThat(vested(START)).isZero();
        assertThat(vested(START + CLIFF - 1)).isZero();
    }

    @Test
    void cliffJumpsToTheLinearAmount() {
        assertThat(vested(START + CLIFF)).isEqualTo(TOTAL / 4);
    }

    @Test
    void midwayAndEnd() {
        assertThat(vested(START + DURATION / 2)).isEqualTo(TOTAL / 2);
        assertThat(vested(START + DURATION - 1)).isEqualTo(TOTAL * 399 / 400);
        assertThat(vested(START + DURATION)).isEqualTo(TOTAL);
        assertThat(vested(Long.MAX_VALUE)).isEqualTo(TOTAL);
    }

    @Test
    void roundsDown() {
        assertThat(Vesting.vested(10, 0, 0, 3, 1)).isEqualTo(3); // 3.33
        assertThat(Vesting.vested(10, 0, 0, 3, 2)).isEqualTo(6); // 6.67
        assertThat(Vesting.vested(Long.MAX_VALUE, 0, 0, 3, 2)).isEqualTo(6_148_914_691_236_517_204L); // no overflow
    }

    @Test
    void zeroDuration() {
        assertThat(Vesting.vested(TOTAL, START, 0, 0, START - 1)).isZero();
        assertThat(Vesting.vested(TOTAL, START, 0, 0, START)).isEqualTo(TOTAL);
        // A cliff with no duration releases everything at the cliff.
        assertThat(Vesting.vested(TOTAL, START, 50, 0, START + 49)).isZero();
        assertThat(Vesting.vested(TOTAL, START, 50, 0, START + 50)).isEqualTo(TOTAL);
    }

    @Test
    void monotoneAndBounded() {
        Random random = new Random(2024);
        for (int schedule = 0; schedule < 200; schedule++) {
            long total = random.nextLong(0, Long.MAX_VALUE);
            long start = random.nextLong(0, 1_000_000);
            long duration = random.nextLong(1, 1_000_000);
            long cliff = random.nextLong(0, duration + 1);
            long previous = 0;
            long now = Math.max(0, start - duration);
            while (now < start + duration + 10) {
                long amount = Vesting.vested(total, start, cliff, duration, now);
                assertThat(amount).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(total);
                previous = amount;
                now += random.nextLong(1, duration / 20 + 2);
            }
            assertThat(Vesting.vested(total, start, cliff, duration, start + duration)).isEqualTo(total);
        }
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> Vesting.vested(1, 0, 11, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vesting.vested(-1, 0, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vesting.vested(1, -1, 0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vesting.vested(1, 0, -1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vesting.vested(1, 0, 0, -10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vesting.vested(1, 0, 0, 10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
