package dev.gridmint.node.logs;

/** A live reader of one job's log. */
public interface LogListener {

    void line(LogLine line);

    /** The job is over; no line follows. {@code dropped} counts lines the rate limit or the history cap did not keep. */
    void end(long dropped);
}
