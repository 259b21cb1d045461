package dev.gridmint.node.logs;

import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One job's log: its history in a JSON-lines file (one {@link LogLine} a line, capped), the last
 * lines in memory, the rate limit, and the live readers. Every change happens under the object's
 * lock, so a reader that subscribes sees the history and then every later line, none twice.
 */
final class JobLog {

    private static final Set<String> STREAMS = Set.of("stdout", "stderr");

    private final Path file;
    private final LogLimits limits;
    private final ArrayDeque<LogLine> tail = new ArrayDeque<>();
    private final Map<Integer, Long> lastSeq = new HashMap<>();
    private final List<LogListener> listeners = new CopyOnWriteArrayList<>();
    private final RateLimit rate;
    private long size;
    private long persisted;
    private long droppedByRate;
    private long pendingDropped;
    private long notKept;
    private boolean ended;

    private JobLog(Path file, LogLimits limits, long nowMillis) {
        this.file = file;
        this.limits = limits;
        this.rate = new RateLimit(limits, nowMillis);
    }

    /** The job's log as its file holds it (empty if there is none yet). */
    static JobLog load(Path file, LogLimits limits, long nowMillis, boolean ended) {
        var log = new JobLog(file, limits, nowMillis);
        log.ended = ended;
        for (LogLine line : log.readHistory(0, Integer.MAX_VALUE)) {
            log.remember(line);
            log.persisted++;
        }
        return log;
    }

    /**
     * Takes an agent's lines: skips numbers already seen, drops what the rate limit refuses (a marker
     * line says how many, before the next line kept), redacts nothing (the agent did), cuts long lines.
     * Returns the highest number now taken, for the agent's acknowledgement.
     */
    synchronized long append(int attempt, List<LogEntry> entries, long nowMillis) {
        List<LogLine> added = new ArrayList<>();
        long last = lastSeq.getOrDefault(attempt, 0L);
        for (LogEntry entry : entries.stream().sorted(Comparator.comparingLong(LogEntry::seq)).toList()) {
            if (entry.seq() <= last || !STREAMS.contains(entry.stream()) || entry.text() == null) {
                continue;
            }
            last = entry.seq();
            String text = entry.text().length() > limits.maxLineChars()
                    ? entry.text().substring(0, limits.maxLineChars()) + "…" : entry.text();
            if (!rate.admit(text.length() + 1, nowMillis)) {
                pendingDropped++;
                droppedByRate++;
                continue;
            }
            if (pendingDropped > 0) {
                added.add(marker(pendingDropped + " lines dropped: over the job's rate limit of " + limits.linesPerSecond()
                        + " lines/s and " + limits.bytesPerSecond() + " bytes/s", nowMillis));
                pendingDropped = 0;
            }
            added.add(new LogLine(size, attempt, entry.seq(), entry.stream(), text, nowMillis));
            size++;
        }
        lastSeq.put(attempt, last);
        persist(added, nowMillis);
        return last;
    }

    private LogLine marker(String text, long nowMillis) {
        return new LogLine(size++, 0, 0, "system", "[gridmint] " + text, nowMillis);
    }

    /** Appends what the history cap allows to the file; the last slot says the history is full. */
    private void persist(List<LogLine> added, long nowMillis) {
        List<LogLine> kept = new ArrayList<>();
        for (LogLine line : added) {
            remember(line);
            listeners.forEach(listener -> listener.line(line));
            if (persisted < limits.historyLines() - 1) {
                kept.add(line);
                persisted++;
            } else if (persisted == limits.historyLines() - 1) {
                kept.add(new LogLine(line.index(), 0, 0, "system", "[gridmint] the history is full at "
                        + limits.historyLines() + " lines; later lines are shown live but not kept", nowMillis));
                persisted++;
                notKept++;
            } else {
                notKept++;
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (LogLine line : kept) {
                out.write(Json.write(line));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log " + file, e);
        }
    }

    private void remember(LogLine line) {
        tail.addLast(line);
        if (tail.size() > limits.tailLines()) {
            tail.removeFirst();
        }
        size = Math.max(size, line.index() + 1);
        if (line.seq() > 0) {
            lastSeq.merge(line.attempt(), line.seq(), Math::max);
        }
    }

    synchronized LogPage page(String jobId, long from, int limit) {
        List<LogLine> lines = lines(from, limit);
        long next = lines.isEmpty() ? from : lines.getLast().index() + 1;
        return new LogPage(jobId, lines, next, dropped(), ended);
    }

    /** Replays from {@code from} to the reader, then keeps it posted until the job ends. */
    synchronized void subscribe(long from, LogListener listener) {
        for (LogLine line : lines(from, Integer.MAX_VALUE)) {
            listener.line(line);
        }
        if (ended) {
            listener.end(dropped());
        } else {
            listeners.add(listener);
        }
    }

    void unsubscribe(LogListener listener) {
        listeners.remove(listener);
    }

    synchronized void end() {
        ended = true;
        long dropped = dropped();
        listeners.forEach(listener -> listener.end(dropped));
        listeners.clear();
    }

    synchronized boolean idle() {
        return ended && listeners.isEmpty();
    }

    private long dropped() {
        return droppedByRate + notKept;
    }

    /** History first (the file), then what only memory holds (lines past the cap, still in the tail). */
    private List<LogLine> lines(long from, int limit) {
        List<LogLine> lines = new ArrayList<>(readHistory(from, limit));
        long after = lines.isEmpty() ? from : lines.getLast().index() + 1;
        for (LogLine line : tail) {
            if (lines.size() >= limit) {
                break;
            }
            if (line.index() >= after && (lines.isEmpty() || line.index() > lines.getLast().index())) {
                lines.add(line);
            }
        }
        return lines;
    }

    private List<LogLine> readHistory(long from, int limit) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<LogLine> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null && lines.size() < limit) {
                LogLine line = Json.MAPPER.readValue(text, LogLine.class);
                if (line.index() >= from) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log " + file, e);
        }
        return lines;
    }
}
