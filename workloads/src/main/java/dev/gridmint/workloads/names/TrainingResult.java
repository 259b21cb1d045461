package dev.gridmint.workloads.names;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link NamesTrainer#train}.
 *
 * @param curve          every reported {@link TrainingProgress}, in order (the last one is the final step)
 * @param finalTrainLoss the mean loss over the full training set with the final parameters
 * @param finalValLoss   the mean loss over the full validation set with the final parameters (equal to the
 *                       last curve point's {@code valLoss})
 * @param model          the trained model in the {@link NamesModel} file format
 * @param modelSha256    the lowercase hex SHA-256 of {@code model}
 * @param samples        names sampled from the trained model with a seeded generator
 */
public record TrainingResult(List<TrainingProgress> curve, double finalTrainLoss, double finalValLoss, byte[] model,
        String modelSha256, List<String> samples) {

    public TrainingResult {
        curve = List.copyOf(curve);
        model = Objects.requireNonNull(model, "model").clone();
        Objects.requireNonNull(modelSha256, "modelSha256");
        samples = List.copyOf(samples);
    }

    /** A copy of the model bytes. */
    @Override
    public byte[] model() {
        return model.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingResult r && curve.equals(r.curve)
                && Double.compare(finalTrainLoss, r.finalTrainLoss) == 0
                && Double.compare(finalValLoss, r.finalValLoss) == 0
                && Arrays.equals(model, r.model) && modelSha256.equals(r.modelSha256)
                && samples.equals(r.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(curve, finalTrainLoss, finalValLoss, modelSha256, samples);
    }

    @Override
    public String toString() {
        return "TrainingResult[steps=" + (curve.isEmpty() ? 0 : curve.getLast().step()) + ", finalTrainLoss="
                + finalTrainLoss + ", finalValLoss=" + finalValLoss + ", model=" + model.length + " bytes, sha256="
                + modelSha256 + ", samples=" + samples + "]";
    }
}
