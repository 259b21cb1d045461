package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;

/**
 * The GELU activation in its tanh form (Hendrycks &amp; Gimpel; the form GPT-2 uses):
 * {@code gelu(x) = ½ · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))}. {@link StrictMath#tanh} keeps it
 * bit-identical on every JVM.
 */
public final class Gelu implements Layer {

    private static final double SQRT_2_OVER_PI = StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double CUBIC = 0.044715;

    private Matrix lastInput;
    private double[] lastTanh;

    @Override
    public Matrix forward(Matrix input) {
        Matrix out = Matrix.zeros(input.rows(), input.cols());
        double[] x = input.data();
        double[] y = out.data();
        double[] t = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            t[i] = StrictMath.tanh(SQRT_2_OVER_PI * (v + CUBIC * v * v * v));
            y[i] = 0.5 * v * (1.0 + t[i]);
        }
        lastInput = input;
        lastTanh = t;
        return out;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (!gradOutput.sameShape(lastInput)) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastInput.shape());
        }
        Matrix gradInput = Matrix.zeros(lastInput.rows(), lastInput.cols());
        double[] x = lastInput.data();
        double[] dy = gradOutput.data();
        double[] dx = gradInput.data();
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            double t = lastTanh[i];
            double du = SQRT_2_OVER_PI * (1.0 + 3.0 * CUBIC * v * v);
            dx[i] = dy[i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * du);
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
