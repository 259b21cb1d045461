package dev.gridmint.node.logs;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every job's log on this coordinator: one {@code <job id>.jsonl} file per job in its directory,
 * and in memory only the jobs still running or still read (an ended job's log is reloaded from
 * its file when asked for).
 */
public final class LogBook {

    private final Path dir;
    private final LogLimits limits;
    private final InstantSource clock;
    private final Predicate<Hash> jobEnded;
    private final Map<Hash, JobLog> logs = new ConcurrentHashMap<>();

    /** {@code jobEnded} says, for a log loaded from disk, whether its job is already over. */
    public LogBook(Path dir, LogLimits limits, InstantSource clock, Predicate<Hash> jobEnded) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + dir, e);
        }
        this.dir = dir;
        this.limits = limits;
        this.clock = clock;
        this.jobEnded = jobEnded;
    }

    /** Takes an agent's lines for a job's attempt; returns the sequence number to acknowledge. */
    public long append(Hash job, int attempt, List<LogEntry> lines) {
        return log(job).append(attempt, lines, clock.millis());
    }

    public LogPage page(Hash job, long from, int limit) {
        JobLog log = log(job);
        LogPage page = log.page(job.hex(), from, limit);
        forgetIfIdle(job, log);
        return page;
    }

    public void subscribe(Hash job, long from, LogListener listener) {
        JobLog log = log(job);
        log.subscribe(from, listener);
        forgetIfIdle(job, log);
    }

    private void forgetIfIdle(Hash job, JobLog log) {
        if (log.idle()) {
            logs.remove(job, log);
        }
    }

    public void unsubscribe(Hash job, LogListener listener) {
        JobLog log = logs.get(job);
        if (log != null) {
            log.unsubscribe(listener);
        }
    }

    /** The job is over: its readers get their {@code end} and its log leaves memory. */
    public void end(Hash job) {
        JobLog log = logs.get(job);
        if (log != null) {
            log.end();
            logs.remove(job, log);
        }
    }

    private JobLog log(Hash job) {
        return logs.computeIfAbsent(job, id ->
                JobLog.load(dir.resolve(id.hex() + ".jsonl"), limits, clock.millis(), jobEnded.test(id)));
    }
}
