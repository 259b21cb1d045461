package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.Objects;

/**
 * An affine layer {@code y = x · W + b} with {@code W} of shape {@code in × out} and {@code b} of shape
 * {@code 1 × out}.
 */
public final class Linear implements Layer {

    private final Parameter weight;
    private final Parameter bias;
    private Matrix lastInput;

    /**
     * @param name   prefix for the parameter names ({@code name.weight}, {@code name.bias})
     * @param weight initial {@code in × out} weights (taken over, not copied)
     * @param bias   initial {@code 1 × out} bias (taken over, not copied)
     */
    public Linear(String name, Matrix weight, Matrix bias) {
        Objects.requireNonNull(name, "name");
        if (bias.rows() != 1 || bias.cols() != weight.cols()) {
            throw new IllegalArgumentException("bias must be 1x" + weight.cols() + ", got " + bias.shape());
        }
        this.weight = Parameter.of(name + ".weight", weight, true);
        this.bias = Parameter.of(name + ".bias", bias, false);
    }

    public int inFeatures() {
        return weight.value().rows();
    }

    public int outFeatures() {
        return weight.value().cols();
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Matrix forward(Matrix input) {
        Matrix out = Matrix.matmul(input, weight.value());
        out.addRowVectorInPlace(bias.value());
        lastInput = input;
        return out;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException("backward called before forward");
        }
        if (gradOutput.rows() != lastInput.rows() || gradOutput.cols() != outFeatures()) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastInput.rows() + "x" + outFeatures());
        }
        Matrix.addTransposeAMatmul(lastInput, gradOutput, weight.grad());
        gradOutput.addColumnSumsTo(bias.grad());
        return Matrix.matmulTransposeB(gradOutput, weight.value());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }
}
