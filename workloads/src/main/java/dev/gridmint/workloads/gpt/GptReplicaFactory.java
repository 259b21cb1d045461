package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Makes {@link GptReplica}s on the bundled names: θ drawn by {@link Gpt#initialize} from
 * {@code new SplittableRandom(seed)} (the same on every shard), data from
 * {@link CharCorpus#bundled}{@code (contextLength, shard, shards)}.
 */
public final class GptReplicaFactory implements ReplicaFactory {

    private final GptConfig model;
    private final int batchSize;

    public GptReplicaFactory(GptConfig model, int batchSize) {
        this.model = Objects.requireNonNull(model, "model");
        if (batchSize < 1 || batchSize > GptTrainingConfig.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be in 1.." + GptTrainingConfig.MAX_BATCH_SIZE);
        }
        this.batchSize = batchSize;
    }

    /** The benchmark preset: {@link GptConfig#small} with batches of {@link GptTrainingConfig#DEFAULT_BATCH_SIZE}. */
    public static GptReplicaFactory small() {
        return new GptReplicaFactory(GptConfig.small(NamesDataset.bundled().vocabulary().size()),
                GptTrainingConfig.DEFAULT_BATCH_SIZE);
    }

    public GptConfig model() {
        return model;
    }

    @Override
    public GptReplica create(long seed, int shard, int shards) {
        CharCorpus corpus = CharCorpus.bundled(model.contextLength(), shard, shards);
        return new GptReplica(Gpt.initialize(model, new SplittableRandom(seed)), corpus, seed, shard, batchSize);
    }
}
