package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.Objects;

/**
 * A trainable tensor: its current value and the gradient of the loss with respect to it.
 *
 * <p>Backward passes <em>accumulate</em> into {@link #grad()}; call {@link #zeroGrad()} before each step.
 * {@code decay} says whether decoupled weight decay applies (true for weight matrices and embeddings,
 * false for biases, as is usual).
 *
 * @param name  a stable, unique name within its model (used in the model file)
 * @param value the current value
 * @param grad  the accumulated gradient, same shape as {@code value}
 * @param decay whether weight decay applies to this parameter
 */
public record Parameter(String name, Matrix value, Matrix grad, boolean decay) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(grad, "grad");
        if (!value.sameShape(grad)) {
            throw new IllegalArgumentException("value and grad shapes differ: " + value.shape() + " vs " + grad.shape());
        }
    }

    /** A parameter with the given initial value and a zero gradient. */
    public static Parameter of(String name, Matrix value, boolean decay) {
        return new Parameter(name, value, Matrix.zeros(value.rows(), value.cols()), decay);
    }

    public void zeroGrad() {
        grad.fill(0.0);
    }

    public int size() {
        return value.size();
    }
}
