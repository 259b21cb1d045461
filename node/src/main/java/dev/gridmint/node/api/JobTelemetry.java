package dev.gridmint.node.api;

import dev.gridmint.node.protocol.AgentMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What providers report about running jobs beyond the ledger: the loss curve and the sampled
 * output. It is display data, kept in memory; nothing is billed from it.
 */
public final class JobTelemetry {

    /** Points kept per job, so a chatty provider cannot grow the coordinator's memory without bound. */
    static final int MAX_POINTS = 1_000;

    public record Point(int step, double trainLoss, double valLoss) {}

    public record Outcome(String modelSha256, long modelBytes, double finalTrainLoss, double finalValLoss,
            List<String> samples) {}

    public record Snapshot(int attempt, String provider, int step, int totalSteps, List<Point> curve, Outcome outcome) {}

    private final Map<String, Snapshot> byJob = new ConcurrentHashMap<>();

    public void progress(String provider, AgentMessage.Progress progress) {
        byJob.compute(progress.jobId(), (id, old) -> {
            List<Point> curve = old == null ? new ArrayList<>() : new ArrayList<>(old.curve());
            if (old != null && old.attempt() != progress.attempt()) {
                // A new attempt resumed from a checkpoint (or from scratch): the curve goes on from where it
                // picked up, and the points of the steps it redoes give way to the new ones.
                curve.removeIf(point -> point.step() >= progress.step());
            }
            if (curve.size() < MAX_POINTS) {
                curve.add(new Point(progress.step(), progress.trainLoss(), progress.valLoss()));
            }
            return new Snapshot(progress.attempt(), provider, progress.step(), progress.totalSteps(), List.copyOf(curve), null);
        });
    }

    public void result(String provider, AgentMessage.Result result) {
        var outcome = new Outcome(result.modelSha256(), result.modelBytes(), result.finalTrainLoss(), result.finalValLoss(),
                result.samples());
        byJob.compute(result.jobId(), (id, old) -> old == null
                ? new Snapshot(result.attempt(), provider, 0, 0, List.of(), outcome)
                : new Snapshot(old.attempt(), provider, old.step(), old.totalSteps(), old.curve(), outcome));
    }

    public Snapshot get(String jobId) {
        return byJob.get(jobId);
    }
}
