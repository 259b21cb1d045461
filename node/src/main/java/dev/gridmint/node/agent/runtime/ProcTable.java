package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code /proc} says of a process: its start time (which tells it from a later process that
 * reuses its pid) and the CPU time and resident memory of it and its descendants, for metering a
 * job that runs without a container.
 */
final class ProcTable {

    /** Linux reports CPU times and start times in USER_HZ ticks, 100 per second on every architecture it supports. */
    private static final long NANOS_PER_TICK = 10_000_000;
    private static final long PAGE_BYTES = 4096;

    private final Path proc;

    ProcTable(Path proc) {
        this.proc = proc;
    }

    static ProcTable host() {
        return new ProcTable(Path.of("/proc"));
    }

    /** The process's start time in ticks since boot, or empty when no such process runs. */
    OptionalLong startTicks(long pid) {
        return stat(pid).map(fields -> OptionalLong.of(Long.parseLong(fields[19]))).orElse(OptionalLong.empty());
    }

    /**
     * The CPU time (its own and its reaped children's) and resident memory of {@code pids} together,
     * or empty when none of them runs any more.
     */
    Optional<UsageSample> sample(List<Long> pids, long atMillis, long oomKills) {
        long ticks = 0;
        long pages = 0;
        boolean any = false;
        for (long pid : pids) {
            Optional<String[]> fields = stat(pid);
            if (fields.isPresent()) {
                String[] f = fields.get();
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                pages += Long.parseLong(f[21]);
                any = true;
            }
        }
        return any ? Optional.of(new UsageSample(atMillis, ticks * NANOS_PER_TICK, pages * PAGE_BYTES, 0, 0, oomKills))
                : Optional.empty();
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name, which is in parentheses and may
     * itself hold spaces and parentheses: index 0 is field 3 (the state), so field N is at N - 3.
     */
    private Optional<String[]> stat(long pid) {
        try {
            return parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat")));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    static Optional<String[]> parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = stat.substring(close + 1).strip().split("\\s+");
        return fields.length > 21 ? Optional.of(fields) : Optional.empty();
    }
}
