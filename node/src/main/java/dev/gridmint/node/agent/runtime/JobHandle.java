package dev.gridmint.node.agent.runtime;

import java.util.List;
import java.util.Map;

/** One started (or adopted) job. */
public interface JobHandle {

    String jobId();

    /**
     * Blocks until the job ends or its wall-clock limit passes, then cleans up (the container is
     * removed) and returns how it ended; later calls return the same status at once.
     */
    JobStatus await();

    /**
     * The job's service ports and the loopback ports of this machine the engine published them on;
     * empty for a job that serves nothing, or one that has ended.
     */
    Map<Integer, Integer> publishedPorts();

    /** Stops the job; {@link #await} then returns {@link JobStatus.Cancelled}. */
    void cancel();

    /** The usage samples taken so far, oldest first; {@link Metering} sums them. */
    List<UsageSample> usage();

    /**
     * How long the job ran by the engine's own clock (its start to its exit), once {@link #await}
     * has returned; 0 where the engine could not say (a job stopped by cancel or its time limit,
     * or one that never started).
     */
    long ranMillis();

    /**
     * How long the job has run so far by the engine's own start time, which survives an agent
     * restart: what an interim usage receipt claims. Once the job has ended it is {@link #ranMillis}.
     */
    long elapsedMillis();
}
