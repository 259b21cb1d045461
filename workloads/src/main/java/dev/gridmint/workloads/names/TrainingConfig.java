package dev.gridmint.workloads.names;

/**
 * Everything that determines a training run. Two runs with equal configs (and the same dataset) produce
 * byte-identical models.
 *
 * @param seed          seeds every random choice: the train/validation split, the initial weights, the
 *                      minibatches and the samples
 * @param steps         optimizer steps, {@code 1 … 1,000,000}
 * @param batchSize     examples per step, {@code 1 … 4,096}
 * @param contextLength characters of context, {@code 1 … 16}
 * @param embeddingDim  size of each character embedding, {@code 1 … 256}
 * @param hiddenSize    width of the tanh hidden layer, {@code 1 … 4,096}
 * @param learningRate  peak AdamW learning rate, in {@code (0, 1]}; it decays with a cosine schedule to
 *                      {@link NamesTrainer#FINAL_LR_FRACTION} of itself at the last step
 * @param weightDecay   decoupled AdamW weight decay, in {@code [0, 1]}
 * @param evalEvery     report progress every this many steps (and always at the last step), {@code ≥ 1}
 */
public record TrainingConfig(long seed, int steps, int batchSize, int contextLength, int embeddingDim, int hiddenSize,
        double learningRate, double weightDecay, int evalEvery) {

    public static final int DEFAULT_STEPS = 1500;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_CONTEXT_LENGTH = 3;
    public static final int DEFAULT_EMBEDDING_DIM = 10;
    public static final int DEFAULT_HIDDEN_SIZE = 128;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final int DEFAULT_EVAL_EVERY = 100;

    public static final int MAX_STEPS = 1_000_000;
    public static final int MAX_BATCH_SIZE = 4096;
    public static final int MAX_CONTEXT_LENGTH = 16;
    public static final int MAX_EMBEDDING_DIM = 256;
    public static final int MAX_HIDDEN_SIZE = 4096;

    public TrainingConfig {
        requireRange("steps", steps, 1, MAX_STEPS);
        requireRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        requireRange("contextLength", contextLength, 1, MAX_CONTEXT_LENGTH);
        requireRange("embeddingDim", embeddingDim, 1, MAX_EMBEDDING_DIM);
        requireRange("hiddenSize", hiddenSize, 1, MAX_HIDDEN_SIZE);
        if (!(learningRate > 0.0 && learningRate <= 1.0)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (!(weightDecay >= 0.0 && weightDecay <= 1.0)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1], got " + weightDecay);
        }
        requireRange("evalEvery", evalEvery, 1, Integer.MAX_VALUE);
    }

    /** The default configuration with the given seed. */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(seed, DEFAULT_STEPS, DEFAULT_BATCH_SIZE, DEFAULT_CONTEXT_LENGTH,
                DEFAULT_EMBEDDING_DIM, DEFAULT_HIDDEN_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY,
                DEFAULT_EVAL_EVERY);
    }

    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withSteps(int steps) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withBatchSize(int batchSize) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withModelShape(int contextLength, int embeddingDim, int hiddenSize) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withHiddenSize(int hiddenSize) {
        return withModelShape(contextLength, embeddingDim, hiddenSize);
    }

    public TrainingConfig withLearningRate(double learningRate) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withWeightDecay(double weightDecay) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    public TrainingConfig withEvalEvery(int evalEvery) {
        return new TrainingConfig(seed, steps, batchSize, contextLength, embeddingDim, hiddenSize, learningRate,
                weightDecay, evalEvery);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
