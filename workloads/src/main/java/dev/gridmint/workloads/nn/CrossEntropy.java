package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.Objects;

/**
 * Softmax followed by the negative log-likelihood of the target class, averaged over the batch.
 *
 * <p>The softmax is computed stably (the row maximum is subtracted first) with {@link StrictMath#exp} and
 * {@link StrictMath#log}. The backward pass uses the cached probabilities:
 * {@code ∂loss/∂logits = (softmax − onehot(target)) / batch}.
 */
public final class CrossEntropy {

    private Matrix lastProbabilities;
    private int[] lastTargets;

    /**
     * @param logits  {@code batch × classes}
     * @param targets {@code batch} class indices in {@code [0, classes)}
     * @return the mean negative log-likelihood
     */
    public double forward(Matrix logits, int[] targets) {
        Objects.requireNonNull(targets, "targets");
        if (targets.length != logits.rows()) {
            throw new IllegalArgumentException(targets.length + " targets for " + logits.rows() + " rows of logits");
        }
        int classes = logits.cols();
        Matrix probabilities = Matrix.zeros(logits.rows(), classes);
        double[] z = logits.data();
        double[] p = probabilities.data();
        double total = 0.0;
        for (int r = 0; r < logits.rows(); r++) {
            int base = r * classes;
            int target = Objects.checkIndex(targets[r], classes);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[base + c]);
            }
            double sum = 0.0;
            for (int c = 0; c < classes; c++) {
                double e = StrictMath.exp(z[base + c] - max);
                p[base + c] = e;
                sum += e;
            }
            for (int c = 0; c < classes; c++) {
                p[base + c] /= sum;
            }
            // log softmax(target) = z_t − max − log Σ exp(z − max), exact even when p_t underflows.
            total -= z[base + target] - max - StrictMath.log(sum);
        }
        lastProbabilities = probabilities;
        lastTargets = targets.clone();
        return total / logits.rows();
    }

    /** ∂(mean loss)/∂logits for the batch of the last {@link #forward} call. */
    public Matrix backward() {
        if (lastProbabilities == null) {
            throw new IllegalStateException("backward called before forward");
        }
        Matrix grad = lastProbabilities.copy();
        double[] g = grad.data();
        int classes = grad.cols();
        double scale = 1.0 / grad.rows();
        for (int r = 0; r < grad.rows(); r++) {
            g[r * classes + lastTargets[r]] -= 1.0;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= scale;
        }
        return grad;
    }
}
