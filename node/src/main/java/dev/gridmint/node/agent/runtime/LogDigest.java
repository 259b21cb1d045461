package dev.gridmint.node.agent.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps what a container job's result is made of without keeping its whole log: the sha256 and
 * standard output (the job's result hash), the byte count of every line and the last few lines (what the tenant sees first).
 */
public final class LogDigest implements LogSink {

    private final int tailLines;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final MessageDigest sha256;
    private long bytes;

    public LogDigest(int tailLines) {
        this.tailLines = tailLines;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void accept(LogLine line) {
        byte[] text = (line.text() + "\n").getBytes(StandardCharsets.UTF_8);
        // Only stdout is hashed: its lines keep their order, while stderr's interleave with them by timing.
        if (line.stream() == LogLine.Stream.STDOUT) {
            sha256.update(text);
        }
        bytes += text.length;
        if (tail.size() == tailLines) {
            tail.removeFirst();
        }
        tail.addLast(line.text());
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** The hash of the lines so far; reading it does not end the digest. */
    public synchronized String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
