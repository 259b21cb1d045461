package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.EmissionSchedule.YEAR_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmissionScheduleTest {

    private static final long DAY = 24 * 3600L;
    /** 35% of 1e9 GRID, in micro-GRID. */
    private static final long POOL = 350_000_000L * 1_000_000L;

    @Test
    void geometricYears() {
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 0)).isEqualTo(POOL * 40 / 100);
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 1)).isEqualTo(POOL * 24 / 100);
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 2)).isEqualTo(POOL * 144 / 1000);
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 9)).isEqualTo(1_410_877_440_000L);
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 10)).isZero();
        assertThat(EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 1_000)).isZero();
    }

    @Test
    void tenYearsStayBelowThePool() {
        long sum = 0;
        for (int year = 0; year < 10; year++) {
            sum += EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, year);
        }
        // 1 - 0.6^10 of the pool.
        assertThat(sum).isEqualTo(347_883_683_840_000L).isLessThan(POOL);
    }

    @Test
    void dailyEpochsAddUpToTheYear() {
        long year0 = EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 0);
        long sum = 0;
        for (long epoch = 0; epoch < 365; epoch++) {
            sum += EmissionSchedule.providerEpochEmission(POOL, 4000, 6000, 1, 10, epoch, DAY);
        }
        assertThat(sum).isLessThanOrEqualTo(year0).isGreaterThan(year0 - 365);
        // Epoch 365 starts year 1.
        long year1 = EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, 1);
        assertThat(EmissionSchedule.providerEpochEmission(POOL, 4000, 6000, 1, 10, 365, DAY)).isEqualTo(year1 / 365);
        assertThat(EmissionSchedule.providerEpochEmission(POOL, 4000, 6000, 1, 10, 3650, DAY)).isZero();
    }

    /**
     * HIP-20: 60M HNT a year in years one and two, then halved every two years (30M, 15M,
     * 7.5M): a 240M pool, a quarter of it in each of the first two years, a 50% decay every 2.
     */
    @Test
    void aDecayPeriodOfTwoYearsIsHeliumsHalving() {
        long pool = 240_000_000L * 1_000_000L;
        long[] published = {60, 60, 30, 30, 15, 15};
        for (int year = 0; year < published.length; year++) {
            assertThat(EmissionSchedule.yearAmount(pool, 2_500, 5_000, 2, 20, year))
                    .as("year %d", year + 1).isEqualTo(published[year] * 1_000_000L * 1_000_000L);
        }
        assertThat(EmissionSchedule.yearAmount(pool, 2_500, 5_000, 2, 20, 6)).isEqualTo(7_500_000L * 1_000_000L);
        // The epoch that starts year three is the first at half the rate.
        long lastOfYearTwo = EmissionSchedule.providerEpochEmission(pool, 2_500, 5_000, 2, 20, 729, DAY);
        long firstOfYearThree = EmissionSchedule.providerEpochEmission(pool, 2_500, 5_000, 2, 20, 730, DAY);
        assertThat(lastOfYearTwo).isEqualTo(EmissionSchedule.providerEpochEmission(pool, 2_500, 5_000, 2, 20, 0, DAY));
        assertThat(firstOfYearThree).isEqualTo(30_000_000L * 1_000_000L / 365);
        // A period of one is the yearly decay.
        assertThat(EmissionSchedule.yearAmount(pool, 2_500, 5_000, 1, 20, 1)).isEqualTo(30_000_000L * 1_000_000L);
    }

    @Test
    void checkersAreLinearForFourYears() {
        long pool = 100_000_000L * 1_000_000L;
        long perDay = EmissionSchedule.checkerEpochEmission(pool, 4, 0, DAY);
        assertThat(perDay).isEqualTo(pool / (4 * 365));
        long sum = 0;
        for (long epoch = 0; epoch < 4 * 365; epoch++) {
            long emitted = EmissionSchedule.checkerEpochEmission(pool, 4, epoch, DAY);
            assertThat(emitted).isEqualTo(perDay);
            sum += emitted;
        }
        assertThat(sum).isLessThanOrEqualTo(pool).isGreaterThan(pool - 4 * 365);
        assertThat(EmissionSchedule.checkerEpochEmission(pool, 4, 4 * 365, DAY)).isZero();
        assertThat(EmissionSchedule.checkerEpochEmission(pool, 4, 100_000, DAY)).isZero();
        assertThat(EmissionSchedule.checkerEpochEmission(pool, 0, 0, DAY)).isZero();
    }

    @Test
    void heliumNetEmissionCap() {
        // First-year emission exactly 60,000,000 HNT; the cap is 1% of it, per day.
        long pool = 60_000_000L * 1_000_000L;
        long cap = EmissionSchedule.netEmissionCapPerEpoch(pool, 10_000, 100, DAY);
        // Helium publishes 1,643.83561643 HNT per day.
        assertThat(cap).isEqualTo(1_643_835_616L);
        long yearly = 600_000L * 1_000_000L;
        assertThat(365 * cap).isLessThanOrEqualTo(yearly).isGreaterThan(yearly - 365);
        // The same with a pool twice as large emitting 50% in the first year.
        assertThat(EmissionSchedule.netEmissionCapPerEpoch(2 * pool, 5_000, 100, DAY)).isEqualTo(cap);
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> EmissionSchedule.yearAmount(-1, 4000, 6000, 1, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.yearAmount(POOL, 10_001, 6000, 1, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.yearAmount(POOL, 4000, 6000, 1, 10, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.providerEpochEmission(POOL, 4000, 6000, 1, 10, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.yearAmount(POOL, 4000, 6000, 0, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.checkerEpochEmission(POOL, -1, 0, DAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmissionSchedule.netEmissionCapPerEpoch(POOL, 4000, 100, -DAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(YEAR_SECONDS).isEqualTo(31_536_000L);
    }
}
