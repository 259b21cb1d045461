package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;

/**
 * A differentiable map from a {@code batch × in} matrix to a {@code batch × out} matrix.
 *
 * <p>{@link #forward} caches what {@link #backward} needs, so the two must be called in pairs, for the same
 * batch. {@code backward} takes ∂loss/∂output, adds the parameter gradients into each
 * {@link Parameter#grad()}, and returns ∂loss/∂input.
 */
public interface Layer {

    Matrix forward(Matrix input);

    Matrix backward(Matrix gradOutput);

    /** The trainable parameters, in a fixed order (empty for parameter-free layers). */
    List<Parameter> parameters();
}
