package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.optim.AdamW;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A resumable point of a training run: what a checkpoint holds. The random state is {@code (config.seed,
 * shard, shards, cursor)}, because batches are a pure function of those ({@link CharCorpus#batch}).
 *
 * @param step      optimizer steps taken, {@code 0 … config.steps}
 * @param cursor    training batches consumed (equal to {@code step} for a single worker)
 * @param model     θ and the vocabulary (a snapshot, not shared with a live trainer)
 * @param optimizer the AdamW step count and moments (a snapshot)
 */
public record GptTrainingState(GptTrainingConfig config, int shard, int shards, long step, long cursor,
        GptModel model, AdamW.State optimizer) {

    public GptTrainingState {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
        }
        if (step < 0 || step > config.steps() || cursor < 0) {
            throw new IllegalArgumentException("step " + step + " / cursor " + cursor + " out of range");
        }
        if (!model.config().equals(config.model())) {
            throw new IllegalArgumentException("model " + model.config() + " does not match config " + config.model());
        }
        if (optimizer.firstMoments().size() != model.network().parameters().size()) {
            throw new IllegalArgumentException("optimizer state does not match the model's parameters");
        }
    }

    /** Step 0 of a single-worker run: fresh weights from {@code new SplittableRandom(seed)}, zero moments. */
    public static GptTrainingState initial(GptTrainingConfig config, CharCorpus corpus) {
        Gpt network = Gpt.initialize(config.model(), new SplittableRandom(config.seed()));
        AdamW.State zero = new AdamW(network.parameters(), GptTrainer.settings(config)).state();
        return new GptTrainingState(config, 0, 1, 0, 0, new GptModel(corpus.vocabulary(), network), zero);
    }
}
