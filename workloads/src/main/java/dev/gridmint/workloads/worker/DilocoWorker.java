package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.Aggregator;
import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.WorkerRound;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A DiLoCo worker talking to its round service: check in, bring θ up to the round's θ (apply the last update,
 * or download θ when joining or behind, checking its hash either way), run {@link WorkerRound}, upload the
 * Δ, repeat until the session is done. It keeps no state the service does not name, so a restarted worker
 * simply checks in again and rejoins at the next round boundary.
 */
public final class DilocoWorker {

    /** The service's code for an upload whose round has already closed. */
    static final String STALE_ROUND = "STALE_ROUND";
    /** The service's code for a second Δ in a round: the first arrived, though its answer was lost. */
    static final String DUPLICATE = "DUPLICATE";

    private final RoundTransport transport;
    private final TrainingModel model;
    private final SessionInfo info;
    private final Cheat cheat;
    private final WorkerRound inner;
    private final Map<Integer, Replica> replicas = new HashMap<>();
    private double[] theta;

    /** The worker's number is the transport's ({@link RoundTransport#worker()}), which a rejoin may change. */
    public DilocoWorker(RoundTransport transport, TrainingModel model, SessionInfo info, Cheat cheat) {
        this.transport = transport;
        this.model = model;
        this.info = info;
        this.cheat = cheat;
        this.inner = new WorkerRound(info.innerSteps(), model.inner());
        // θ0 comes from the seed, as the aggregator derives it: a worker present from the start downloads nothing
        this.theta = ParameterVector.roundToFloat(ParameterVector.values(replica(0).parameters()));
    }

    private Replica replica(int shard) {
        return replicas.computeIfAbsent(shard, s -> model.factory().create(info.seed(), s, info.shards()));
    }

    /**
     * Runs rounds, from round {@code fromRound} on (0 for a worker there from the start; later for one that
     * comes back at a known time), until the session is done; returns the final θ hash.
     */
    public String run(long fromRound, Consumer<WorkerReport> reports) throws IOException {
        long next = fromRound;
        while (true) {
            switch (transport.checkin(next)) {
                case Assignment.Wait ignored -> { }
                case Assignment.Done done -> {
                    return done.thetaHash();
                }
                case Assignment.Work work -> {
                    if (sync(work)) {
                        Optional<WorkerReport> report = train(work);
                        report.ifPresent(reports);
                        // late: ask for the same round again, and the service says where it is (a restarted
                        // coordinator may be back at this round's boundary)
                        next = report.isPresent() ? work.round() + 1 : work.round();
                    }
                }
            }
        }
    }

    /** Trains and uploads; empty if the round closed before the Δ arrived (the worker was late). */
    private Optional<WorkerReport> train(Assignment.Work work) throws IOException {
        if (work.cursor() != Math.multiplyExact(work.round(), (long) info.innerSteps())) {
            throw new IOException("round " + work.round() + " came with cursor " + work.cursor());
        }
        WorkerRound.Result result = inner.run(replica(work.shard()), theta, work.round());
        DeltaMessage honest = DeltaMessage.of(work.round(), transport.worker(), work.shard(), result.tokens(),
                info.encoding(), result.delta());
        try {
            transport.upload(cheat.apply(honest, result.delta()));
        } catch (RoundTransport.Refused refused) {
            if (refused.code().equals(STALE_ROUND)) {
                return Optional.empty();
            }
            if (!refused.code().equals(DUPLICATE)) {
                throw refused;
            }
        }
        return Optional.of(new WorkerReport(work.round(), work.shard(), result.meanInnerLoss(), result.tokens()));
    }

    /**
     * Brings θ to the round's θ: as it is, or by the previous round's update, or by downloading it. False if
     * θ moved on meanwhile (the round closed): the worker checks in again.
     */
    private boolean sync(Assignment.Work work) throws IOException {
        String wanted = work.thetaHash();
        if (ParameterVector.sha256(theta).equals(wanted)) {
            return true;
        }
        if (work.round() > 0) {
            Optional<Broadcast> update = transport.update(work.round() - 1);
            if (update.isPresent() && update.get().thetaHash().equals(wanted)) {
                double[] moved = theta.clone();
                Aggregator.applyUpdate(moved, update.get().values());
                if (ParameterVector.sha256(moved).equals(wanted)) {
                    theta = moved;
                    return true;
                }
            }
        }
        Broadcast snapshot = transport.theta();
        if (snapshot.kind() != Broadcast.Kind.THETA || !snapshot.thetaHash().equals(wanted)) {
            return false;
        }
        double[] values = snapshot.values();
        if (!ParameterVector.sha256(values).equals(wanted)) {
            throw new IOException("the θ downloaded does not match its hash " + wanted);
        }
        theta = values;
        return true;
    }
}
