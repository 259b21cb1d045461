package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DataParallel;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.worker.SessionInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The synchronous data-parallel baseline on the round service: round {@code s} is optimizer step {@code s}
 * (from 1). Every worker trains its own shard (worker k, shard k) and uploads its fp32 gradient; when all have,
 * the token-weighted mean goes down in fp32 and every worker, and the service's own copy, steps its AdamW on
 * it, so θ stays identical everywhere and the service names it. Data-parallel training has no quorum: it waits
 * for every worker, which is exactly what makes it the fragile baseline.
 */
public final class DdpSession implements TrainingSession {

    /** Updates kept for workers that are one step behind; older ones are dropped. */
    private static final int KEPT_UPDATES = 2;

    public record Settings(String id, SessionInfo info, int steps, Map<Integer, Address> workers) {

        public Settings {
            Objects.requireNonNull(info, "info");
            workers = Map.copyOf(workers);
            if (steps < 1 || workers.size() != info.shards()
                    || !workers.keySet().stream().allMatch(w -> w >= 0 && w < info.shards())) {
                throw new IllegalArgumentException("need steps >= 1 and workers 0..shards-1");
            }
        }
    }

    private final Settings settings;
    private final Consumer<TrainingEvent> events;
    private final Replica replica;
    private final AdamW optimizer;
    private final int count;
    private final int maxUploadBytes;
    private final ChangeSignal signal = new ChangeSignal();
    private final Map<Integer, DeltaMessage> gradients = new TreeMap<>();
    private final Map<Long, Broadcast> updates = new HashMap<>();
    private long step = 1;
    private boolean done;
    private Traffic traffic = Traffic.NONE;

    public DdpSession(Settings settings, TrainingModel model, Consumer<TrainingEvent> events) {
        this.settings = settings;
        this.events = events;
        this.replica = model.factory().create(settings.info().seed(), 0, settings.info().shards());
        this.optimizer = new AdamW(replica.parameters(), model.inner());
        this.count = ParameterVector.size(replica.parameters());
        this.maxUploadBytes = DeltaMessage.of(0, 0, 0, 1, Encoding.FP32, new double[count]).sizeBytes();
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public SessionInfo info() {
        return settings.info();
    }

    @Override
    public int rounds() {
        return settings.steps();
    }

    @Override
    public Map<Integer, Address> workers() {
        return settings.workers();
    }

    @Override
    public synchronized Answer checkin(int worker, long wanted, long now) {
        if (done) {
            return new Answer.Done(thetaHash());
        }
        if (wanted == step && !gradients.containsKey(worker)) {
            return new Answer.Work(step, worker, step - 1, thetaHash());
        }
        return new Answer.Wait();
    }

    @Override
    public synchronized Optional<Refusal> upload(int worker, long round, byte[] body, long now) {
        if (done || round != step) {
            return Optional.of(Refusal.conflict("STALE_ROUND", "step " + round + " is not open"));
        }
        if (gradients.containsKey(worker)) {
            return Optional.of(Refusal.conflict("DUPLICATE", "worker " + worker + " already sent step " + step));
        }
        DeltaMessage message;
        switch (DeltaMessage.parse(body)) {
            case Parsed.Ok<DeltaMessage> ok -> message = ok.value();
            case Parsed.Invalid<DeltaMessage> bad -> {
                return Optional.of(Refusal.bad("BAD_DELTA", bad.code() + ": " + bad.message()));
            }
        }
        if (message.worker() != worker || message.round() != round || message.shard() != worker) {
            return Optional.of(Refusal.bad("MISMATCH", "the gradient's worker, shard or step is not the signed one"));
        }
        double[] values = message.values();
        if (message.encoding() != Encoding.FP32 || values.length != count
                || !Arrays.stream(values).allMatch(Double::isFinite)) {
            return Optional.of(Refusal.bad("BAD_GRADIENT", "a gradient is " + count + " finite fp32 values"));
        }
        gradients.put(worker, message);
        traffic = traffic.plusUp(body.length);
        if (gradients.size() == settings.workers().size()) {
            applyMean();
        }
        signal.changed();
        return Optional.empty();
    }

    /** Every worker sent its gradient: the mean goes down, and the service's copy of θ steps on it too. */
    private void applyMean() {
        byte[] payload = Encoding.FP32.encode(DataParallel.weightedMean(new ArrayList<>(gradients.values())));
        ParameterVector.setGradients(replica.parameters(), Encoding.FP32.decode(payload, count));
        optimizer.step();
        updates.put(step, new Broadcast(Broadcast.Kind.UPDATE, step, Encoding.FP32, count, thetaHash(), payload));
        updates.remove(step - KEPT_UPDATES);
        events.accept(new TrainingEvent.RoundClosed(id(), step, true, thetaHash(), List.copyOf(gradients.keySet()),
                List.of(), List.of()));
        gradients.clear();
        step++;
        done = step > settings.steps();
    }

    @Override
    public void tick(long now) {
        // no deadlines: synchronous data-parallel training waits for every worker
    }

    @Override
    public synchronized Optional<byte[]> update(long round) {
        Broadcast update = updates.get(round);
        if (update == null) {
            return Optional.empty();
        }
        traffic = traffic.plusDown(update.sizeBytes());
        return Optional.of(update.toBytes());
    }

    /** Data-parallel workers never join mid-run, and θ there is not float32, so it has no θ download. */
    @Override
    public Optional<byte[]> theta() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> manifest(long round) {
        return Optional.empty();
    }

    @Override
    public int maxUploadBytes() {
        return maxUploadBytes;
    }

    @Override
    public synchronized boolean done() {
        return done;
    }

    @Override
    public synchronized String thetaHash() {
        return ParameterVector.sha256(thetaValues());
    }

    @Override
    public synchronized double[] thetaValues() {
        return ParameterVector.values(replica.parameters());
    }

    @Override
    public synchronized Traffic traffic() {
        return traffic;
    }

    @Override
    public List<TrainingEvent.DeltaRejected> rejections() {
        return List.of();
    }

    @Override
    public ChangeSignal signal() {
        return signal;
    }
}
