package dev.gridmint.node.logs;

/**
 * Two token buckets, lines and bytes, refilled per second and holding up to {@code burstSeconds}
 * of each. Time is passed in, so the limit is exact and testable.
 */
final class RateLimit {

    private final double linesPerSecond;
    private final double bytesPerSecond;
    private final double maxLines;
    private final double maxBytes;
    private double lines;
    private double bytes;
    private long lastMillis;

    RateLimit(LogLimits limits, long nowMillis) {
        this.linesPerSecond = limits.linesPerSecond();
        this.bytesPerSecond = limits.bytesPerSecond();
        this.maxLines = limits.linesPerSecond() * limits.burstSeconds();
        this.maxBytes = limits.bytesPerSecond() * limits.burstSeconds();
        this.lines = maxLines;
        this.bytes = maxBytes;
        this.lastMillis = nowMillis;
    }

    /** Takes one line of {@code size} bytes if both buckets hold enough; false (taking nothing) if not. */
    boolean admit(int size, long nowMillis) {
        if (nowMillis > lastMillis) {
            double seconds = (nowMillis - lastMillis) / 1000.0;
            lines = Math.min(maxLines, lines + seconds * linesPerSecond);
            bytes = Math.min(maxBytes, bytes + seconds * bytesPerSecond);
            lastMillis = nowMillis;
        }
        if (lines < 1 || bytes < size) {
            return false;
        }
        lines -= 1;
        bytes -= size;
        return true;
    }
}
