package dev.gridmint.workloads.gpt;

import java.util.Objects;

/**
 * Everything that determines a {@link GptTrainer} run; equal configs give bit-identical models.
 *
 * @param seed         seeds the initial weights and, with the shard and cursor, every batch
 * @param steps        optimizer steps, {@code 1 … 1,000,000}
 * @param batchSize    windows of {@code contextLength} tokens per step, {@code 1 … 1,024}
 * @param learningRate peak AdamW learning rate in {@code (0, 1]}: linear warm-up, then cosine decay (see
 *                     {@link GptTrainer#learningRate})
 * @param weightDecay  decoupled AdamW weight decay in {@code [0, 1]}
 * @param evalEvery    report progress (with the validation loss) every this many steps and at the last
 * @param model        the network's shape
 */
public record GptTrainingConfig(long seed, int steps, int batchSize, double learningRate, double weightDecay,
        int evalEvery, GptConfig model) {

    public static final int DEFAULT_STEPS = 500;
    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final int DEFAULT_EVAL_EVERY = 50;
    public static final int MAX_STEPS = 1_000_000;
    public static final int MAX_BATCH_SIZE = 1024;

    public GptTrainingConfig {
        GptConfig.requireRange("steps", steps, 1, MAX_STEPS);
        GptConfig.requireRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        GptConfig.requireRange("evalEvery", evalEvery, 1, Integer.MAX_VALUE);
        if (!(learningRate > 0.0 && learningRate <= 1.0)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (!(weightDecay >= 0.0 && weightDecay <= 1.0)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1], got " + weightDecay);
        }
        Objects.requireNonNull(model, "model");
    }

    /** The defaults: the {@link GptConfig#small} preset, 500 steps of 16 windows. */
    public static GptTrainingConfig defaults(long seed, int vocabularySize) {
        return new GptTrainingConfig(seed, DEFAULT_STEPS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE,
                DEFAULT_WEIGHT_DECAY, DEFAULT_EVAL_EVERY, GptConfig.small(vocabularySize));
    }

    public GptTrainingConfig withSeed(long seed) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }

    public GptTrainingConfig withSteps(int steps) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }

    public GptTrainingConfig withBatchSize(int batchSize) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }

    public GptTrainingConfig withLearningRate(double learningRate) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }

    public GptTrainingConfig withEvalEvery(int evalEvery) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }

    public GptTrainingConfig withModel(GptConfig model) {
        return new GptTrainingConfig(seed, steps, batchSize, learningRate, weightDecay, evalEvery, model);
    }
}
