package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.Objects;

/**
 * A lookup table of {@code vocabularySize × dim} vectors. The forward pass maps a batch of token contexts
 * ({@code batch × contextLength} token ids) to the concatenation of their vectors, a
 * {@code batch × (contextLength · dim)} matrix; the backward pass scatter-adds the incoming gradient back
 * into the rows of the table that were looked up.
 */
public final class Embedding {

    private final Parameter table;
    private int[][] lastTokens;

    /**
     * @param name  the parameter name
     * @param table initial {@code vocabularySize × dim} vectors (taken over, not copied)
     */
    public Embedding(String name, Matrix table) {
        this.table = Parameter.of(Objects.requireNonNull(name, "name"), table, true);
    }

    public int vocabularySize() {
        return table.value().rows();
    }

    public int dim() {
        return table.value().cols();
    }

    public Parameter table() {
        return table;
    }

    /**
     * @param tokens {@code batch × contextLength} token ids, every row the same length, ids in
     *               {@code [0, vocabularySize)}
     */
    public Matrix forward(int[][] tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.length == 0 || tokens[0].length == 0) {
            throw new IllegalArgumentException("tokens must be a non-empty batch of non-empty contexts");
        }
        int context = tokens[0].length;
        int dim = dim();
        Matrix out = Matrix.zeros(tokens.length, context * dim);
        double[] o = out.data();
        double[] t = table.value().data();
        for (int b = 0; b < tokens.length; b++) {
            if (tokens[b].length != context) {
                throw new IllegalArgumentException("context " + b + " has length " + tokens[b].length
                        + ", expected " + context);
            }
            for (int p = 0; p < context; p++) {
                int id = Objects.checkIndex(tokens[b][p], vocabularySize());
                System.arraycopy(t, id * dim, o, (b * context + p) * dim, dim);
            }
        }
        lastTokens = tokens;
        return out;
    }

    /** Adds ∂loss/∂table into the table's gradient. There is no input gradient: token ids are discrete. */
    public void backward(Matrix gradOutput) {
        if (lastTokens == null) {
            throw new IllegalStateException("backward called before forward");
        }
        int context = lastTokens[0].length;
        int dim = dim();
        if (gradOutput.rows() != lastTokens.length || gradOutput.cols() != context * dim) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastTokens.length + "x" + context * dim);
        }
        double[] g = gradOutput.data();
        double[] tg = table.grad().data();
        for (int b = 0; b < lastTokens.length; b++) {
            for (int p = 0; p < context; p++) {
                int rowBase = lastTokens[b][p] * dim;
                int gBase = (b * context + p) * dim;
                for (int d = 0; d < dim; d++) {
                    tg[rowBase + d] += g[gBase + d];
                }
            }
        }
    }

    public List<Parameter> parameters() {
        return List.of(table);
    }
}
