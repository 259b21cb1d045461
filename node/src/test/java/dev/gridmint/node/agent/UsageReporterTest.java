package dev.gridmint.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UsageReporterTest {

    static final String JOB = "ab".repeat(32);

    final AtomicLong usage = new AtomicLong();
    final List<Long> submitted = new ArrayList<>();

    UsageReporter reporter(long limitMillis, long alreadyReported) {
        return new UsageReporter(JOB, usage::get, limitMillis, alreadyReported, submitted::add);
    }

    @Test
    void sendsOnlyGrowingCumulativeUsageCappedAtTheLimit() {
        UsageReporter reporter = reporter(5_000, 0);
        usage.set(0);
        reporter.tick();
        usage.set(1_200);
        reporter.tick();
        reporter.tick();
        usage.set(900);
        reporter.tick();
        usage.set(7_000);
        reporter.tick();

        assertThat(submitted).containsExactly(1_200L, 5_000L);
    }

    @Test
    void theFinalReceiptIsNeverBelowAnInterimOne() {
        UsageReporter reporter = reporter(60_000, 0);
        usage.set(3_000);
        reporter.tick();

        assertThat(reporter.finalMillis(2_500)).isEqualTo(3_000);
        usage.set(9_000);
        reporter.tick();
        assertThat(submitted).as("nothing is sent once the final receipt is taken").containsExactly(3_000L);
    }

    @Test
    void theFinalReceiptIsTheMeteredUsageWhenItIsHigherAndWithinTheLimit() {
        UsageReporter reporter = reporter(10_000, 0);
        usage.set(3_000);
        reporter.tick();

        assertThat(reporter.finalMillis(4_321)).isEqualTo(4_321);
        assertThat(reporter(10_000, 0).finalMillis(12_000)).isEqualTo(10_000);
    }

    @Test
    void anAdoptedJobContinuesFromWhatTheLedgerHolds() {
        UsageReporter reporter = reporter(60_000, 8_000);
        usage.set(7_500);
        reporter.tick();
        usage.set(8_600);
        reporter.tick();

        assertThat(submitted).containsExactly(8_600L);
        assertThat(reporter(60_000, 8_000).finalMillis(1)).isEqualTo(8_000);
    }

    @Test
    void aRefusedReceiptIsRetriedByTheNextTick() {
        List<Long> attempts = new ArrayList<>();
        var flaky = new UsageReporter(JOB, usage::get, 60_000, 0, millis -> {
            attempts.add(millis);
            if (attempts.size() == 1) {
                throw new IllegalStateException("coordinator down");
            }
        });
        usage.set(1_000);
        flaky.tick();
        flaky.tick();

        assertThat(attempts).containsExactly(1_000L, 1_000L);
        assertThat(flaky.finalMillis(0)).isEqualTo(1_000);
    }
}
