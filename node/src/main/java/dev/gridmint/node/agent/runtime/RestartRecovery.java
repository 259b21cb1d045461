package dev.gridmint.node.agent.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restarted agent does first: finds the job containers its engine still holds, adopts those
 * whose lease is still live and removes the rest, so nothing runs unbilled. Usage of an adopted job
 * continues from the engine's cumulative counters; the agent bills only samples after its last
 * receipt ({@link Metering#unbilled}), so nothing is billed twice.
 */
public final class RestartRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RestartRecovery.class);

    private RestartRecovery() {}

    /**
     * @param remainingSeconds the wall-clock time a live lease still allows its job, or 0 or less when the
     *     lease is over (the container is then an orphan)
     * @param sinks where each adopted job's lines go, by job id
     * @return the adopted jobs by job id
     */
    public static Map<String, JobHandle> reconcile(ContainerRuntime runtime, ToLongFunction<RunningContainer> remainingSeconds,
            Function<String, LogSink> sinks) {
        Map<String, JobHandle> adopted = new LinkedHashMap<>();
        for (RunningContainer container : runtime.listJobs()) {
            // A job that ended while the agent was down is adopted too, so its exit status is still reported.
            long remaining = remainingSeconds.applyAsLong(container);
            if (remaining > 0 && !adopted.containsKey(container.jobId())) {
                adopted.put(container.jobId(), runtime.adopt(container, sinks.apply(container.jobId()), remaining));
                LOG.info("adopted job {} (lease {})", container.jobId(), container.leaseId());
            } else {
                runtime.remove(container);
                LOG.info("removed orphan container of job {} (lease {})", container.jobId(), container.leaseId());
            }
        }
        return adopted;
    }
}
