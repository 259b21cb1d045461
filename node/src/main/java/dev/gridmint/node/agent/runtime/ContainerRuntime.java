package dev.gridmint.node.agent.runtime;

import java.util.List;

/**
 * Runs jobs in isolation on the provider's machine. A job failing is not an exception: it is a
 * {@link JobStatus} its handle returns. Exceptions mean the runtime itself is unusable (the engine's
 * CLI is missing, say).
 */
public interface ContainerRuntime {

    /** "podman", "docker" or "process": what the agent reports and logs. */
    String name();

    /**
     * Prepares the image and starts the job, streaming its lines to {@code logs}. A job that cannot
     * start (a missing image, an engine error) gets a handle whose {@link JobHandle#await} returns
     * that status at once.
     */
    JobHandle start(ValidatedSpec spec, LogSink logs);

    /** Every job container this runtime's engine holds, running or not, found by its labels. */
    List<RunningContainer> listJobs();

    /**
     * Takes over a container a previous agent started: its logs are read again from the first line
     * (so {@code logs} sees the whole output, as for a job this agent started), usage continues from
     * the engine's counters, and the wall clock allows {@code remainingSeconds} more.
     */
    JobHandle adopt(RunningContainer container, LogSink logs, long remainingSeconds);

    /** Stops and removes a container no live lease owns. */
    void remove(RunningContainer container);
}
