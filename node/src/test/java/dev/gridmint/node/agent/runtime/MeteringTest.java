package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeteringTest {

    private static final long MIB = 1L << 20;

    @Test
    void cumulativeCountersBillTheirIncreaseAndMemoryBillsItsLevelOverTime() {
        var samples = List.of(
                new UsageSample(1_000, 0, 64 * MIB, 0, 0, 0),
                new UsageSample(2_000, 500_000_000, 128 * MIB, 1_000, 0, 0),
                new UsageSample(4_000, 1_500_000_000, 0, 5_000, 0, 0));

        UsageInterval total = Metering.total(samples);

        assertThat(total).isEqualTo(new UsageInterval(1_000, 4_000, 1_500, 64 * 1_000 + 128 * 2_000, 5_000, 0));
        assertThat(total.cpuSeconds()).isEqualTo(1.5);
        assertThat(total.memoryGbSeconds()).isEqualTo((64 + 256) / 1024.0);
    }

    @Test
    void aCounterThatWentDownWasResetAndBillsItsNewReadingOnly() {
        var samples = List.of(new UsageSample(0, 2_000_000_000, 0, 900, 0, 0), new UsageSample(1_000, 300_000_000, 0, 100, 0, 0));

        UsageInterval total = Metering.total(samples);

        assertThat(total.cpuMillis()).isEqualTo(300);
        assertThat(total.egressBytes()).isEqualTo(100);
    }

    @Test
    void fewerThanTwoSamplesBillNothing() {
        assertThat(Metering.total(List.of())).isEqualTo(UsageInterval.empty(0));
        assertThat(Metering.total(List.of(new UsageSample(7, 5, 5, 5, 1, 0)))).isEqualTo(UsageInterval.empty(7));
    }

    @Test
    void samplesOutOfOrderAreRefused() {
        var samples = List.of(new UsageSample(2_000, 0, 0, 0, 0, 0), new UsageSample(1_000, 0, 0, 0, 0, 0));

        assertThatThrownBy(() -> Metering.total(samples)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlySamplesAfterTheLastReceiptAreUnbilled() {
        var samples = List.of(new UsageSample(1_000, 1, 0, 0, 0, 0), new UsageSample(2_000, 2, 0, 0, 0, 0),
                new UsageSample(3_000, 3, 0, 0, 0, 0));

        assertThat(Metering.unbilled(samples, 2_000)).extracting(UsageSample::atMillis).containsExactly(2_000L, 3_000L);
    }

    /** Seeded: intervals never overlap, each is aligned, and together they bill exactly the total. */
    @Test
    void intervalsPartitionTheTotalForRandomSampleRuns() {
        var random = new SplittableRandom(20261203);
        for (int run = 0; run < 500; run++) {
            List<UsageSample> samples = randomRun(random);
            long length = 1 + random.nextLong(5_000);

            List<UsageInterval> intervals = Metering.intervals(samples, length);

            UsageInterval total = Metering.total(samples);
            assertThat(intervals.stream().mapToLong(UsageInterval::cpuMillis).sum()).isEqualTo(total.cpuMillis());
            assertThat(intervals.stream().mapToLong(UsageInterval::memoryMibMillis).sum()).isEqualTo(total.memoryMibMillis());
            assertThat(intervals.stream().mapToLong(UsageInterval::egressBytes).sum()).isEqualTo(total.egressBytes());
            assertThat(intervals.stream().mapToLong(UsageInterval::gpuMillis).sum()).isEqualTo(total.gpuMillis());
            for (int i = 0; i < intervals.size(); i++) {
                UsageInterval interval = intervals.get(i);
                assertThat(interval.fromMillis() % length).isZero();
                assertThat(interval.toMillis() - interval.fromMillis()).isEqualTo(length);
                if (i > 0) {
                    assertThat(interval.fromMillis()).isGreaterThanOrEqualTo(intervals.get(i - 1).toMillis());
                }
            }
        }
    }

    @Test
    void anIntervalLengthMustBePositive() {
        assertThatThrownBy(() -> Metering.intervals(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<UsageSample> randomRun(SplittableRandom random) {
        List<UsageSample> samples = new ArrayList<>();
        long at = random.nextLong(100_000);
        long cpu = 0;
        long egress = 0;
        int count = random.nextInt(40);
        for (int i = 0; i < count; i++) {
            samples.add(new UsageSample(at, cpu, random.nextLong(64L << 30), egress, random.nextInt(9), 0));
            at += random.nextLong(3_000);
            cpu += random.nextLong(2_000_000_000L);
            egress += random.nextLong(10_000_000);
        }
        return samples;
    }
}
