package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;

/** Element-wise {@code tanh}, computed with {@link StrictMath#tanh} so it is bit-identical everywhere. */
public final class Tanh implements Layer {

    private Matrix lastOutput;

    @Override
    public Matrix forward(Matrix input) {
        Matrix out = Matrix.zeros(input.rows(), input.cols());
        double[] in = input.data();
        double[] o = out.data();
        for (int i = 0; i < o.length; i++) {
            o[i] = StrictMath.tanh(in[i]);
        }
        lastOutput = out;
        return out;
    }

    /** {@code ∂tanh(x)/∂x = 1 − tanh²(x)}, using the cached output. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        if (lastOutput == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (!gradOutput.sameShape(lastOutput)) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastOutput.shape());
        }
        Matrix gradInput = Matrix.zeros(gradOutput.rows(), gradOutput.cols());
        double[] g = gradOutput.data();
        double[] y = lastOutput.data();
        double[] gi = gradInput.data();
        for (int i = 0; i < gi.length; i++) {
            gi[i] = g[i] * (1.0 - y[i] * y[i]);
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
