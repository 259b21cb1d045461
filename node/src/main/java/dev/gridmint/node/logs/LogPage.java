package dev.gridmint.node.logs;

import java.util.List;

/**
 * A page of a job's log history.
 *
 * @param next the index to ask for next
 * @param dropped lines the rate limit dropped and lines past the history cap, so far
 * @param ended whether the job is over, so no line will follow
 */
public record LogPage(String jobId, List<LogLine> lines, long next, long dropped, boolean ended) {

    public LogPage {
        lines = List.copyOf(lines);
    }
}
