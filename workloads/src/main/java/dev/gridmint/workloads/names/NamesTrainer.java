package dev.gridmint.workloads.names;

import dev.gridmint.workloads.optim.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link CharMlp} on names, single-threaded and bit-for-bit reproducibly.
 *
 * <p>All randomness comes from one {@code new SplittableRandom(config.seed())}, split in a fixed order into
 * four independent streams: the train/validation split, the initial weights, the minibatch indices and the
 * samples. Each step draws {@code batchSize} training examples uniformly with replacement, runs forward and
 * backward, and takes one {@link AdamW} step (β = 0.9/0.999, ε = 1e-8, decoupled weight decay on the
 * embedding and weight matrices, not on biases). The learning rate follows a cosine curve from
 * {@code learningRate} at step 1 down to {@link #FINAL_LR_FRACTION}{@code · learningRate} at the last step.
 *
 * <p>Progress is reported after every {@code evalEvery}-th step and after the last step. Its validation loss
 * is the mean over the <em>full</em> validation set (about 3,600 examples for the bundled data, cheap at this
 * model size); its training loss is the mean of the minibatch losses since the previous report.
 */
public final class NamesTrainer {

    /** The learning rate at the last step, as a fraction of the configured (peak) learning rate. */
    public static final double FINAL_LR_FRACTION = 0.1;
    /** How many names {@link TrainingResult#samples()} holds. */
    public static final int SAMPLE_COUNT = 10;

    private NamesTrainer() {
    }

    /** Trains on the bundled names. */
    public static TrainingResult train(TrainingConfig config, Consumer<TrainingProgress> onProgress) {
        return train(config, NamesDataset.bundled(), onProgress);
    }

    /** Trains on {@code dataset}. {@code onProgress} runs on the calling thread. */
    public static TrainingResult train(TrainingConfig config, NamesDataset dataset,
            Consumer<TrainingProgress> onProgress) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(onProgress, "onProgress");

        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom splitRng = root.split();
        SplittableRandom initRng = root.split();
        SplittableRandom batchRng = root.split();
        SplittableRandom sampleRng = root.split();

        Vocabulary vocabulary = dataset.vocabulary();
        NamesDataset.Split split = dataset.split(splitRng);
        if (split.validation().isEmpty()) {
            throw new IllegalArgumentException("dataset of " + dataset.size() + " names is too small to split");
        }
        Examples train = Examples.of(split.train(), vocabulary, config.contextLength());
        Examples validation = Examples.of(split.validation(), vocabulary, config.contextLength());

        CharMlp network = CharMlp.initialize(vocabulary.size(), config.contextLength(), config.embeddingDim(),
                config.hiddenSize(), initRng);
        AdamW optimizer = new AdamW(network.parameters(),
                AdamW.Settings.of(config.learningRate(), config.weightDecay()));

        List<TrainingProgress> curve = new ArrayList<>();
        int[] indices = new int[config.batchSize()];
        double windowLoss = 0.0;
        int windowSteps = 0;
        for (int step = 1; step <= config.steps(); step++) {
            for (int i = 0; i < indices.length; i++) {
                indices[i] = batchRng.nextInt(train.size());
            }
            optimizer.zeroGrad();
            windowLoss += network.lossAndBackward(train.select(indices));
            windowSteps++;
            optimizer.step(learningRate(config, step));

            if (step % config.evalEvery() == 0 || step == config.steps()) {
                TrainingProgress progress = new TrainingProgress(step, config.steps(), windowLoss / windowSteps,
                        network.meanLoss(validation));
                curve.add(progress);
                onProgress.accept(progress);
                windowLoss = 0.0;
                windowSteps = 0;
            }
        }

        NamesModel model = new NamesModel(config, vocabulary, network);
        byte[] bytes = model.toBytes();
        return new TrainingResult(curve, network.meanLoss(train), curve.getLast().valLoss(), bytes,
                NamesModel.sha256Hex(bytes), model.sample(SAMPLE_COUNT, sampleRng));
    }

    /** The cosine-decayed learning rate for {@code step} ∈ {@code 1 … steps}. */
    static double learningRate(TrainingConfig config, int step) {
        double peak = config.learningRate();
        if (config.steps() == 1) {
            return peak;
        }
        double progress = (double) (step - 1) / (config.steps() - 1);
        double floor = peak * FINAL_LR_FRACTION;
        return floor + (peak - floor) * 0.5 * (1.0 + StrictMath.cos(StrictMath.PI * progress));
    }
}
