package dev.gridmint.node.logs;

/**
 * What the coordinator keeps of each job's log.
 *
 * @param linesPerSecond sustained lines per second per job; more are dropped and counted
 * @param bytesPerSecond sustained bytes per second per job
 * @param burstSeconds how many seconds of either a job may use at once
 * @param tailLines lines kept in memory per job, for live readers
 * @param historyLines lines persisted per job; later ones are counted, not kept
 * @param maxLineChars longer lines are cut to this
 */
public record LogLimits(int linesPerSecond, int bytesPerSecond, int burstSeconds, int tailLines, int historyLines,
        int maxLineChars) {

    public static final LogLimits DEFAULT = new LogLimits(200, 64 * 1024, 5, 1_000, 20_000, 4_096);

    public LogLimits {
        if (linesPerSecond <= 0 || bytesPerSecond <= 0 || burstSeconds <= 0 || tailLines <= 0 || historyLines <= 0
                || maxLineChars <= 0) {
            throw new IllegalArgumentException("every log limit must be positive");
        }
    }
}
