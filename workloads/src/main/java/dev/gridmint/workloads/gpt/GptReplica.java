package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.train.Replica;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Gpt} bound to one shard of a {@link CharCorpus}: batch {@code c} is
 * {@code corpus.batch(seed, shard, c, batchSize)}, so the cursor is the replica's whole data state.
 */
public final class GptReplica implements Replica {

    private final Gpt network;
    private final CharCorpus corpus;
    private final CharCorpus.Batch validation;
    private final long seed;
    private final int shard;
    private final int batchSize;
    private long cursor;

    public GptReplica(Gpt network, CharCorpus corpus, long seed, int shard, int batchSize) {
        this.network = Objects.requireNonNull(network, "network");
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        if (network.config().contextLength() != corpus.contextLength()
                || network.config().vocabularySize() != corpus.vocabulary().size()) {
            throw new IllegalArgumentException("model " + network.config() + " does not fit the corpus");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.validation = corpus.validation();
        this.seed = seed;
        this.shard = shard;
        this.batchSize = batchSize;
    }

    public Gpt network() {
        return network;
    }

    /** This replica's θ with its vocabulary, ready to export (shares the live parameters; copy to keep). */
    public GptModel model() {
        return new GptModel(corpus.vocabulary(), network);
    }

    @Override
    public List<Parameter> parameters() {
        return network.parameters();
    }

    @Override
    public BatchLoss accumulateGradients() {
        CharCorpus.Batch batch = corpus.batch(seed, shard, cursor, batchSize);
        double loss = network.lossAndBackward(batch.inputs(), batch.targets());
        cursor++;
        return new BatchLoss(loss, batch.tokens());
    }

    @Override
    public double validationLoss() {
        return network.loss(validation.inputs(), validation.targets());
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
