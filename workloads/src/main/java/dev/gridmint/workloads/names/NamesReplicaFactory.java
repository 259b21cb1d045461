package dev.gridmint.workloads.names;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Replicas of the {@link CharMlp} names model, for the distributed trainers.
 *
 * <p>From {@code new SplittableRandom(seed)} two streams are split, in this order, as in
 * {@link NamesTrainer}: the train/validation split and the initial weights; so every shard of one seed
 * starts from the same θ and validates on the same names. Shard {@code s} of {@code n} trains on the
 * training names at positions {@code i ≡ s (mod n)}. The batch at data cursor {@code c} is
 * {@code batchSize} examples of the shard drawn uniformly with replacement from a generator seeded by
 * (seed, shard, c) alone, so any batch can be recomputed without replaying the ones before it.
 */
public final class NamesReplicaFactory implements ReplicaFactory {

    /** The model's size and the batch size. */
    public record Shape(int contextLength, int embeddingDim, int hiddenSize, int batchSize) {

        public Shape {
            if (contextLength < 1 || embeddingDim < 1 || hiddenSize < 1 || batchSize < 1) {
                throw new IllegalArgumentException("every dimension must be >= 1");
            }
        }
    }

    private final NamesDataset dataset;
    private final Shape shape;

    public NamesReplicaFactory(NamesDataset dataset, Shape shape) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.shape = Objects.requireNonNull(shape, "shape");
    }

    @Override
    public Replica create(long seed, int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        SplittableRandom root = new SplittableRandom(seed);
        NamesDataset.Split split = dataset.split(root.split());
        CharMlp network = CharMlp.initialize(dataset.vocabulary().size(), shape.contextLength(),
                shape.embeddingDim(), shape.hiddenSize(), root.split());
        List<String> shardNames = IntStream.range(0, split.train().size()).filter(i -> i % shards == shard)
                .mapToObj(split.train()::get).toList();
        if (shardNames.isEmpty() || split.validation().isEmpty()) {
            throw new IllegalArgumentException("too few names for shard " + shard + " of " + shards);
        }
        return new NamesReplica(network, Examples.of(shardNames, dataset.vocabulary(), shape.contextLength()),
                Examples.of(split.validation(), dataset.vocabulary(), shape.contextLength()),
                batchKey(seed, shard), shape.batchSize());
    }

    /** A key for (seed, shard); {@link #batchSeed} adds the cursor. */
    private static long batchKey(long seed, int shard) {
        return mix(mix(seed) + shard);
    }

    static long batchSeed(long key, long cursor) {
        return mix(key + cursor);
    }

    /** Stafford's "Mix13" finaliser (as in SplitMix64): nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static final class NamesReplica implements Replica {

        private final CharMlp network;
        private final Examples train;
        private final Examples validation;
        private final long batchKey;
        private final int[] indices;
        private long cursor;

        NamesReplica(CharMlp network, Examples train, Examples validation, long batchKey, int batchSize) {
            this.network = network;
            this.train = train;
            this.validation = validation;
            this.batchKey = batchKey;
            this.indices = new int[batchSize];
        }

        @Override
        public List<Parameter> parameters() {
            return network.parameters();
        }

        @Override
        public BatchLoss accumulateGradients() {
            SplittableRandom rng = new SplittableRandom(batchSeed(batchKey, cursor));
            for (int i = 0; i < indices.length; i++) {
                indices[i] = rng.nextInt(train.size());
            }
            double loss = network.lossAndBackward(train.select(indices));
            cursor++;
            return new BatchLoss(loss, indices.length);
        }

        @Override
        public double validationLoss() {
            return network.meanLoss(validation);
        }

        @Override
        public long cursor() {
            return cursor;
        }

        @Override
        public void seek(long cursor) {
            if (cursor < 0) {
                throw new IllegalArgumentException("cursor must be >= 0, got " + cursor);
            }
            this.cursor = cursor;
        }
    }
}
