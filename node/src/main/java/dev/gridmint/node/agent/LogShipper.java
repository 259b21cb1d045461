package dev.gridmint.node.agent;

import dev.gridmint.node.logs.Redactor;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.AgentMessage.LogEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's side of job logs: numbers each attempt's lines from 1, redacts the job's secrets
 * before a line is kept, and holds every line until the coordinator acknowledges it, so a lost
 * connection costs nothing: after a reconnect everything unacknowledged goes again, and the
 * coordinator skips the numbers it already has. The buffer is bounded; lines beyond it are
 * counted and a line says how many were lost.
 */
final class LogShipper {

    static final int MAX_BUFFERED = 10_000;
    static final int MAX_LINE_CHARS = 4_096;

    private static final class Buffer {
        final String jobId;
        final int attempt;
        final Redactor redactor;
        final ArrayDeque<LogEntry> unacked = new ArrayDeque<>();
        long nextSeq = 1;
        long sentUpTo;
        long lost;
        boolean finished;

        Buffer(String jobId, int attempt, Redactor redactor) {
            this.jobId = jobId;
            this.attempt = attempt;
            this.redactor = redactor;
        }
    }

    private final Map<String, Buffer> buffers = new LinkedHashMap<>();

    private static String key(String jobId, int attempt) {
        return jobId + "#" + attempt;
    }

    /** Starts an attempt's log; its secrets never leave this machine. */
    synchronized void open(String jobId, int attempt, Set<String> secrets) {
        buffers.putIfAbsent(key(jobId, attempt), new Buffer(jobId, attempt, new Redactor(secrets)));
    }

    synchronized void line(String jobId, int attempt, String stream, String text) {
        Buffer buffer = buffers.get(key(jobId, attempt));
        if (buffer == null || buffer.finished) {
            return;
        }
        if (buffer.unacked.size() >= MAX_BUFFERED) {
            buffer.lost++;
            return;
        }
        if (buffer.lost > 0) {
            add(buffer, "stderr", "[gridmint agent] " + buffer.lost + " lines lost: the coordinator was out of reach");
            buffer.lost = 0;
        }
        add(buffer, stream, buffer.redactor.redact(text.length() > MAX_LINE_CHARS ? text.substring(0, MAX_LINE_CHARS) : text));
    }

    private static void add(Buffer buffer, String stream, String text) {
        buffer.unacked.addLast(new LogEntry(buffer.nextSeq++, stream, text));
    }

    /** The messages to send now: every line not sent yet, in batches; they count as sent. */
    synchronized List<AgentMessage.Logs> pending() {
        List<AgentMessage.Logs> messages = new ArrayList<>();
        for (Buffer buffer : buffers.values()) {
            List<LogEntry> batch = new ArrayList<>();
            for (LogEntry entry : buffer.unacked) {
                if (entry.seq() <= buffer.sentUpTo) {
                    continue;
                }
                batch.add(entry);
                if (batch.size() == AgentMessage.Logs.MAX_LINES) {
                    messages.add(new AgentMessage.Logs(buffer.jobId, buffer.attempt, batch));
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                messages.add(new AgentMessage.Logs(buffer.jobId, buffer.attempt, batch));
            }
            if (!buffer.unacked.isEmpty()) {
                buffer.sentUpTo = buffer.unacked.getLast().seq();
            }
        }
        return messages;
    }

    synchronized void acked(String jobId, int attempt, long seq) {
        Buffer buffer = buffers.get(key(jobId, attempt));
        if (buffer == null) {
            return;
        }
        while (!buffer.unacked.isEmpty() && buffer.unacked.getFirst().seq() <= seq) {
            buffer.unacked.removeFirst();
        }
        forgetIfDone(buffer);
    }

    /** A new connection: everything unacknowledged goes again. */
    synchronized void resendAll() {
        for (Buffer buffer : buffers.values()) {
            buffer.sentUpTo = buffer.unacked.isEmpty() ? buffer.sentUpTo : buffer.unacked.getFirst().seq() - 1;
        }
    }

    /** The attempt printed its last line; its buffer goes once the coordinator has it all. */
    synchronized void finish(String jobId, int attempt) {
        Buffer buffer = buffers.get(key(jobId, attempt));
        if (buffer != null) {
            buffer.finished = true;
            forgetIfDone(buffer);
        }
    }

    synchronized int buffered() {
        return buffers.values().stream().mapToInt(b -> b.unacked.size()).sum();
    }

    private void forgetIfDone(Buffer buffer) {
        if (buffer.finished && buffer.unacked.isEmpty()) {
            buffers.remove(key(buffer.jobId, buffer.attempt));
        }
    }
}
