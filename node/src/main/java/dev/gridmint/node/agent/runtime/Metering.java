package dev.gridmint.node.agent.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Sums usage samples into billable intervals. Pure: no clock, no I/O.
 *
 * <p>Each pair of consecutive samples is one step. Cumulative counters (CPU, egress) bill their
 * increase; a counter that went down was reset by the engine, so the step bills the new reading,
 * never a negative amount. Memory and GPUs bill what the earlier sample saw for the step's length.
 * A step belongs wholly to the interval its start falls in, so adjacent intervals never overlap and
 * no step is billed twice.
 */
public final class Metering {

    private static final long MIB = 1L << 20;

    private Metering() {}

    /** Everything between the first and the last sample; an empty interval for fewer than two. */
    public static UsageInterval total(List<UsageSample> samples) {
        if (samples.isEmpty()) {
            return UsageInterval.empty(0);
        }
        UsageInterval sum = UsageInterval.empty(samples.getFirst().atMillis());
        for (int i = 1; i < samples.size(); i++) {
            sum = sum.plus(step(samples.get(i - 1), samples.get(i)));
        }
        return sum;
    }

    /** The steps grouped into intervals of {@code lengthMillis}, aligned to multiples of it; empty intervals are left out. */
    public static List<UsageInterval> intervals(List<UsageSample> samples, long lengthMillis) {
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("interval length must be positive, got " + lengthMillis);
        }
        List<UsageInterval> out = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            UsageInterval step = step(samples.get(i - 1), samples.get(i));
            long start = Math.floorDiv(step.fromMillis(), lengthMillis) * lengthMillis;
            UsageInterval last = out.isEmpty() ? null : out.getLast();
            if (last != null && last.fromMillis() == start) {
                out.set(out.size() - 1, last.plus(withBounds(step, start, lengthMillis)));
            } else {
                out.add(withBounds(step, start, lengthMillis));
            }
        }
        return out;
    }

    /** The samples taken at or after {@code billedUpToMillis}: what a restarted agent still has to bill. */
    public static List<UsageSample> unbilled(List<UsageSample> samples, long billedUpToMillis) {
        return samples.stream().filter(s -> s.atMillis() >= billedUpToMillis).toList();
    }

    static UsageInterval step(UsageSample earlier, UsageSample later) {
        long millis = later.atMillis() - earlier.atMillis();
        if (millis < 0) {
            throw new IllegalArgumentException("samples out of order: " + earlier.atMillis() + " then " + later.atMillis());
        }
        long cpuNanos = increase(earlier.cpuNanos(), later.cpuNanos());
        return new UsageInterval(earlier.atMillis(), later.atMillis(), cpuNanos / 1_000_000,
                Math.multiplyExact(earlier.memoryBytes() / MIB, millis) + Math.multiplyExact(earlier.memoryBytes() % MIB, millis) / MIB,
                increase(earlier.egressBytes(), later.egressBytes()), Math.multiplyExact((long) earlier.gpus(), millis));
    }

    private static long increase(long earlier, long later) {
        return later >= earlier ? later - earlier : later;
    }

    private static UsageInterval withBounds(UsageInterval step, long start, long lengthMillis) {
        return new UsageInterval(start, start + lengthMillis, step.cpuMillis(), step.memoryMibMillis(), step.egressBytes(),
                step.gpuMillis());
    }
}
