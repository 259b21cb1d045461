package dev.gridmint.node.logs;

/**
 * One line of a job's log as the coordinator keeps it.
 *
 * @param index its position in the job's history, from 0: the cursor for paging and for resuming a stream
 * @param attempt the lease attempt that printed it (0 for the coordinator's own markers)
 * @param seq the agent's sequence number within the attempt (0 for markers)
 * @param stream {@code stdout}, {@code stderr}, or {@code system} for the coordinator's markers
 * @param text the line, without its line break
 * @param at when the coordinator took it, epoch milliseconds
 */
public record LogLine(long index, int attempt, long seq, String stream, String text, long at) {}
