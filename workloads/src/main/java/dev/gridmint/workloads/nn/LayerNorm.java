package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.Objects;

/**
 * Layer normalization over each row: {@code y = (x − mean) / √(var + ε) · gain + bias}, with the biased
 * variance, as in {@code torch.nn.LayerNorm}. Neither {@code gain} nor {@code bias} is weight-decayed.
 */
public final class LayerNorm implements Layer {

    public static final double EPSILON = 1e-5;

    private final Parameter gain;
    private final Parameter bias;
    private Matrix lastNormalized;
    private double[] lastInverseStd;

    /** A layer norm of width {@code dim}, gain 1 and bias 0; parameters {@code name.gain}, {@code name.bias}. */
    public LayerNorm(String name, int dim) {
        Objects.requireNonNull(name, "name");
        Matrix ones = Matrix.zeros(1, dim);
        ones.fill(1.0);
        this.gain = Parameter.of(name + ".gain", ones, false);
        this.bias = Parameter.of(name + ".bias", Matrix.zeros(1, dim), false);
    }

    public Parameter gain() {
        return gain;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Matrix forward(Matrix input) {
        int dim = requireWidth(input);
        Matrix normalized = Matrix.zeros(input.rows(), dim);
        Matrix out = Matrix.zeros(input.rows(), dim);
        double[] x = input.data();
        double[] n = normalized.data();
        double[] y = out.data();
        double[] g = gain.value().data();
        double[] b = bias.value().data();
        double[] inverseStd = new double[input.rows()];
        for (int r = 0; r < input.rows(); r++) {
            int base = r * dim;
            double mean = 0.0;
            for (int c = 0; c < dim; c++) {
                mean += x[base + c];
            }
            mean /= dim;
            double variance = 0.0;
            for (int c = 0; c < dim; c++) {
                double centred = x[base + c] - mean;
                variance += centred * centred;
            }
            variance /= dim;
            double inv = 1.0 / StrictMath.sqrt(variance + EPSILON);
            inverseStd[r] = inv;
            for (int c = 0; c < dim; c++) {
                double v = (x[base + c] - mean) * inv;
                n[base + c] = v;
                y[base + c] = v * g[c] + b[c];
            }
        }
        lastNormalized = normalized;
        lastInverseStd = inverseStd;
        return out;
    }

    /**
     * With {@code n} the normalized input and {@code dn = dy · gain}:
     * {@code dx = (dn − mean(dn) − n · mean(dn · n)) / √(var + ε)}.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        if (lastNormalized == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (!gradOutput.sameShape(lastNormalized)) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastNormalized.shape());
        }
        int dim = lastNormalized.cols();
        Matrix gradInput = Matrix.zeros(gradOutput.rows(), dim);
        double[] dy = gradOutput.data();
        double[] n = lastNormalized.data();
        double[] dx = gradInput.data();
        double[] g = gain.value().data();
        double[] dg = gain.grad().data();
        double[] db = bias.grad().data();
        double[] dn = new double[dim];
        for (int r = 0; r < gradOutput.rows(); r++) {
            int base = r * dim;
            double meanDn = 0.0;
            double meanDnN = 0.0;
            for (int c = 0; c < dim; c++) {
                double d = dy[base + c];
                dg[c] += d * n[base + c];
                db[c] += d;
                dn[c] = d * g[c];
                meanDn += dn[c];
                meanDnN += dn[c] * n[base + c];
            }
            meanDn /= dim;
            meanDnN /= dim;
            double inv = lastInverseStd[r];
            for (int c = 0; c < dim; c++) {
                dx[base + c] = (dn[c] - meanDn - n[base + c] * meanDnN) * inv;
            }
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gain, bias);
    }

    private int requireWidth(Matrix input) {
        if (input.cols() != gain.value().cols()) {
            throw new IllegalArgumentException("expected width " + gain.value().cols() + ", got " + input.shape());
        }
        return input.cols();
    }
}
