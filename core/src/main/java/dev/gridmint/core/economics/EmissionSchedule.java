package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.BPS_BIG;
import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.bps;
import static dev.gridmint.core.economics.Arith.floorDiv;
import static dev.gridmint.core.economics.Arith.nonNegative;
import static dev.gridmint.core.economics.Arith.positive;

import java.math.BigInteger;

/**
 * How much new GRID a pool emits per year and per epoch. Providers' pool decays geometrically
 * (a fixed share of the pool in year 0, then a fixed fraction of the previous year), so early
 * supply bootstraps the network without unbounded inflation; checkers' pool is linear because
 * their work does not grow with adoption. Every amount rounds down, so the sum of the emissions
 * never exceeds what the schedule promises.
 */
public final class EmissionSchedule {

    /** A 365-day year in seconds; the schedule ignores leap years so that it is a pure function. */
    public static final long YEAR_SECONDS = 365L * 24 * 3600;

    private static final BigInteger YEAR_BIG = BigInteger.valueOf(YEAR_SECONDS);

    private EmissionSchedule() {}

    /**
     * Year {@code year}'s emission from {@code pool}: with {@code step = year / decayPeriodYears},
     * {@code floor(pool * firstYearBps * decayBps^step / 10^4^(step + 1))} for {@code 0 <= year <
     * years}, else 0. Every year of a decay period emits the same, so a period of 2 with a decay of
     * 50% is Helium's halving every two years.
     */
    public static long yearAmount(long pool, int firstYearBps, int decayBps, int decayPeriodYears, int years, long year) {
        nonNegative(pool, "pool");
        bps(firstYearBps, "firstYearBps");
        bps(decayBps, "decayBps");
        positive(decayPeriodYears, "decayPeriodYears");
        nonNegative(years, "years");
        nonNegative(year, "year");
        if (year >= years) {
            return 0;
        }
        int step = (int) (year / decayPeriodYears);
        BigInteger numerator = big(pool).multiply(big(firstYearBps)).multiply(big(decayBps).pow(step));
        return floorDiv(numerator, BPS_BIG.pow(step + 1)).longValueExact();
    }

    /**
     * The providers' emission for epoch {@code epochIndex}: the epoch's share of its year's amount,
     * {@code floor(yearAmount * epochSeconds / YEAR_SECONDS)}, where the year is the one the
     * epoch starts in.
     */
    public static long providerEpochEmission(long pool, int firstYearBps, int decayBps, int decayPeriodYears, int years,
            long epochIndex, long epochSeconds) {
        nonNegative(epochIndex, "epochIndex");
        positive(epochSeconds, "epochSeconds");
        long year = Math.multiplyExact(epochIndex, epochSeconds) / YEAR_SECONDS;
        long yearAmount = yearAmount(pool, firstYearBps, decayBps, decayPeriodYears, years, year);
        return floorDiv(big(yearAmount).multiply(big(epochSeconds)), YEAR_BIG).longValueExact();
    }

    /**
     * The checkers' linear emission for epoch {@code epochIndex}: {@code floor(pool * epochSeconds
     * / (years * YEAR_SECONDS))} while the epoch starts within the {@code years}, else 0.
     */
    public static long checkerEpochEmission(long pool, int years, long epochIndex, long epochSeconds) {
        nonNegative(pool, "pool");
        nonNegative(years, "years");
        nonNegative(epochIndex, "epochIndex");
        positive(epochSeconds, "epochSeconds");
        long span = Math.multiplyExact(years, YEAR_SECONDS);
        if (Math.multiplyExact(epochIndex, epochSeconds) >= span) {
            return 0;
        }
        return floorDiv(big(pool).multiply(big(epochSeconds)), big(span)).longValueExact();
    }

    /**
     * The per-epoch cap on net re-minting (see {@link NetEmission}): {@code capBps} of the first
     * year's emission, pro rata per epoch, {@code floor(pool * firstYearBps * capBps *
     * epochSeconds / (10^4 * 10^4 * YEAR_SECONDS))}. Tied to the first year, not the current one,
     * so the cap does not shrink with the decay.
     */
    public static long netEmissionCapPerEpoch(long pool, int firstYearBps, int capBps, long epochSeconds) {
        nonNegative(pool, "pool");
        bps(firstYearBps, "firstYearBps");
        bps(capBps, "capBps");
        positive(epochSeconds, "epochSeconds");
        BigInteger numerator = big(pool).multiply(big(firstYearBps)).multiply(big(capBps)).multiply(big(epochSeconds));
        return floorDiv(numerator, BPS_BIG.multiply(BPS_BIG).multiply(YEAR_BIG)).longValueExact();
    }
}
