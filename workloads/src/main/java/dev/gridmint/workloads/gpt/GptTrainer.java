package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link Gpt} as a single worker, single-threaded and bit-for-bit reproducibly, from any
 * {@link GptTrainingState} (step 0 or a checkpoint) to the last step. Each step drives a {@link GptReplica}
 * with one AdamW step (β = 0.9/0.999, ε = 1e-8, decoupled weight decay on the matrices and embeddings).
 * Training k steps, snapshotting, and training the rest from the snapshot gives exactly the same θ as an
 * uninterrupted run, because the snapshot holds everything the remaining steps read.
 */
public final class GptTrainer {

    /** The learning rate at the last step, as a fraction of the peak. */
    public static final double FINAL_LR_FRACTION = 0.1;
    /** Warm-up lasts this fraction of the run (at least one step). */
    public static final double WARMUP_FRACTION = 0.05;

    /** Receives reports and snapshots on the training thread. */
    public interface Listener {

        void progress(GptProgress progress);

        /** A snapshot after {@code state.step()} steps, every {@code checkpointEvery} steps. */
        default void checkpoint(GptTrainingState state) {
        }
    }

    private GptTrainer() {
    }

    static AdamW.Settings settings(GptTrainingConfig config) {
        return AdamW.Settings.of(config.learningRate(), config.weightDecay());
    }

    /**
     * Trains from {@code start} to {@code start.config().steps()} and returns the final state.
     *
     * @param checkpointEvery hand {@link Listener#checkpoint} a snapshot after every this many steps
     *                        (before the last); 0 for none
     */
    public static GptTrainingState train(GptTrainingState start, int checkpointEvery, Listener listener) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(listener, "listener");
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        GptTrainingConfig config = start.config();
        CharCorpus corpus = CharCorpus.bundled(config.model().contextLength(), start.shard(), start.shards());
        if (!corpus.vocabulary().equals(start.model().vocabulary())) {
            throw new IllegalArgumentException("the state's vocabulary differs from the corpus's");
        }
        List<Matrix> values = new ArrayList<>();
        start.model().network().parameters().forEach(p -> values.add(p.value()));
        Gpt network = Gpt.of(config.model(), values);
        GptReplica replica = new GptReplica(network, corpus, config.seed(), start.shard(), config.batchSize());
        replica.seek(start.cursor());
        AdamW optimizer = new AdamW(network.parameters(), settings(config));
        optimizer.restore(start.optimizer());

        double windowLoss = 0.0;
        int windowSteps = 0;
        for (long step = start.step() + 1; step <= config.steps(); step++) {
            optimizer.zeroGrad();
            windowLoss += replica.accumulateGradients().loss();
            windowSteps++;
            optimizer.step(learningRate(config, step));
            if (step % config.evalEvery() == 0 || step == config.steps()) {
                listener.progress(new GptProgress(step, config.steps(), windowLoss / windowSteps,
                        replica.validationLoss()));
                windowLoss = 0.0;
                windowSteps = 0;
            }
            if (checkpointEvery > 0 && step % checkpointEvery == 0 && step < config.steps()) {
                listener.checkpoint(snapshot(start, step, replica, optimizer));
            }
        }
        return snapshot(start, config.steps(), replica, optimizer);
    }

    private static GptTrainingState snapshot(GptTrainingState start, long step, GptReplica replica, AdamW optimizer) {
        List<Matrix> values = new ArrayList<>();
        replica.parameters().forEach(p -> values.add(p.value()));
        GptModel model = new GptModel(start.model().vocabulary(), Gpt.of(start.config().model(), values));
        return new GptTrainingState(start.config(), start.shard(), start.shards(), step, replica.cursor(), model,
                optimizer.state());
    }

    /**
     * The learning rate for {@code step ∈ 1 … steps}: linear warm-up from {@code peak / warmup} to the peak
     * over the first {@code warmup = max(1, ⌊WARMUP_FRACTION · steps⌋)} steps, then a cosine from the peak
     * down to {@code FINAL_LR_FRACTION · peak} at the last step.
     */
    public static double learningRate(GptTrainingConfig config, long step) {
        double peak = config.learningRate();
        long warmup = Math.max(1, (long) (WARMUP_FRACTION * config.steps()));
        if (step <= warmup) {
            return peak * step / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, config.steps() - warmup);
        double floor = peak * FINAL_LR_FRACTION;
        return floor + (peak - floor) * 0.5 * (1.0 + StrictMath.cos(StrictMath.PI * progress));
    }
}
