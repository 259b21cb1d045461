package dev.gridmint.node.agent.runtime;

/** Receives a job's lines as they are printed, in order within each stream; called from the runtime's reader threads. */
@FunctionalInterface
public interface LogSink {

    void accept(LogLine line);
}
