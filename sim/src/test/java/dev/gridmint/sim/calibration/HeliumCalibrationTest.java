package dev.gridmint.sim.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Design;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.config.Scenarios;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.EpochTrace;
import dev.gridmint.sim.engine.Simulation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Helium (HIP-20 and the net-emission cap, helium/docs {@code hnt-token.mdx}): 60M HNT a year in
 * years one and two, halved every two years after (30M, 15M, 7.5M), and at most 600,000 HNT a
 * year of burned HNT re-minted, 1,643.83561643 a daily epoch. An eight-year simulated run with
 * the parameters set to match shows both. Core's {@code GoldenExamplesTest} checks one capped
 * epoch of the ledger; this checks the simulator over the whole schedule.
 */
class HeliumCalibrationTest {

    private static final long MICRO = 1_000_000L;
    private static final int YEAR = 365;
    private static final int YEARS = 8;
    /** Helium's cap per daily epoch in micro-HNT, rounded down as the ledger does: 365 are 600,000 less 160 micro-HNT. */
    private static final long CAP_PER_EPOCH = 1_643_835_616L;
    private static final long CAP_PER_YEAR = 600_000L * MICRO;

    /**
     * A 240M pool (the whole halving series: 2 × 60M × (1 + ½ + ¼ + …)) of which a quarter is
     * emitted in each year of the first two-year period, halved every two years, in daily epochs;
     * the cap is 1% of year one's 60M. The max supply only has to leave room for the simulator's
     * genesis float. Design BME, so tenants burn GRID for credits every epoch.
     */
    private static EconomyParams helium(int netEmissionCapBps) {
        var d = EconomyParams.DEFAULTS;
        var token = new TokenParams(1_000_000_000L * MICRO, 2_400, 0);
        var emission = new EmissionParams(86_400, 2_500, 5_000, 2, 20, 4, 8_000, netEmissionCapBps);
        return new EconomyParams(token, d.credits(), emission, d.staking(), d.slashing());
    }

    private static List<EpochTrace> run(int netEmissionCapBps) {
        var config = new SimConfig(helium(netEmissionCapBps), Design.BME, Scenarios.NEUTRAL,
                AgentParams.DEFAULTS.scaledTo(10), YEARS * YEAR);
        return Simulation.trace(config, new SplittableRandom(7));
    }

    private static long releasedInYear(List<EpochTrace> traces, int year) {
        return traces.subList(year * YEAR, (year + 1) * YEAR).stream().mapToLong(EpochTrace::released).sum();
    }

    @Test
    void netEmissionNeverExceeds600000AYearAndReachesTheCapWhenBurnsAreHigh() {
        List<EpochTrace> traces = run(100);
        int yearsAtTheCap = 0;
        for (int year = 0; year < YEARS; year++) {
            long released = releasedInYear(traces, year);
            assertThat(released).as("year %d", year + 1).isLessThanOrEqualTo(CAP_PER_YEAR);
            long burned = traces.subList(year * YEAR, (year + 1) * YEAR).stream().mapToLong(EpochTrace::gridBurned).sum();
            if (released == YEAR * CAP_PER_EPOCH) {
                yearsAtTheCap++;
                // Every epoch released the cap, and the burn behind it was far larger: the rest stays burned.
                assertThat(burned).as("year %d burn", year + 1).isGreaterThan(10 * released);
            }
        }
        assertThat(traces).allSatisfy(t -> assertThat(t.released()).isBetween(0L, CAP_PER_EPOCH));
        assertThat(yearsAtTheCap).as("years in which every epoch released the full cap").isPositive();
        assertThat(YEAR * CAP_PER_EPOCH).isEqualTo(CAP_PER_YEAR - 160);
    }

    /** With the cap lifted to 100% of year one, the same burns release more than 600,000 a year: the cap is what binds. */
    @Test
    void liftingTheCapReleasesMore() {
        List<EpochTrace> capped = run(100);
        List<EpochTrace> uncapped = run(10_000);
        for (int year = 1; year < YEARS; year++) {
            if (releasedInYear(capped, year) == YEAR * CAP_PER_EPOCH) {
                assertThat(releasedInYear(uncapped, year)).as("year %d uncapped", year + 1).isGreaterThan(CAP_PER_YEAR);
                return;
            }
        }
        throw new AssertionError("no year after the first reached the cap");
    }

    /** HIP-20's yearly targets, 60/60/30/30/15/15/7.5/7.5M HNT, each paid in equal daily epochs. */
    @Test
    void theScheduledEmissionHalvesAtEachTwoYearBoundary() {
        List<EpochTrace> traces = run(100);
        long[] published = {60_000_000, 60_000_000, 30_000_000, 30_000_000, 15_000_000, 15_000_000, 7_500_000, 7_500_000};
        for (int year = 0; year < YEARS; year++) {
            long target = published[year] * MICRO;
            long daily = target / YEAR;
            List<EpochTrace> days = traces.subList(year * YEAR, (year + 1) * YEAR);
            assertThat(days).as("year %d", year + 1).allSatisfy(t -> assertThat(t.scheduled()).isEqualTo(daily));
            long total = days.stream().mapToLong(EpochTrace::scheduled).sum();
            // Each epoch rounds down, so a year falls short of its target by less than a micro-HNT per epoch.
            assertThat(target - total).as("year %d shortfall", year + 1).isBetween(0L, (long) YEAR - 1);
        }
        for (int boundary = 2 * YEAR; boundary < YEARS * YEAR; boundary += 2 * YEAR) {
            assertThat(traces.get(boundary).scheduled()).as("epoch %d", boundary)
                    .isEqualTo(traces.get(boundary - 1).scheduled() / 2);
            assertThat(traces.get(boundary - YEAR).scheduled()).as("no step at the odd year")
                    .isEqualTo(traces.get(boundary - YEAR - 1).scheduled());
        }
        // What the providers were paid is the schedule plus the release, less the pro-rata rounding dust.
        assertThat(traces).allSatisfy(t -> {
            long due = t.scheduled() + t.released();
            long paid = t.work() + t.availability();
            assertThat(paid).isBetween(due - 2L * t.providers().size(), due);
        });
    }
}
