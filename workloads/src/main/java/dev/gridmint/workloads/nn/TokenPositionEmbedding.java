package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;
import java.util.List;
import java.util.Objects;

/**
 * Token plus learned position embedding: sequence {@code b}, position {@code i} with token {@code t} maps to
 * row {@code b · seqLen + i} of the output, {@code tokens[t] + positions[i]}. Sequences may be shorter than
 * the position table ({@code maxSeqLen} rows), which generation uses for short prompts.
 */
public final class TokenPositionEmbedding {

    private final Parameter tokens;
    private final Parameter positions;
    private int[][] lastTokens;

    /**
     * @param tokenTable    {@code vocabularySize × dim}, parameter {@code name.tokens} (taken over)
     * @param positionTable {@code maxSeqLen × dim}, parameter {@code name.positions} (taken over)
     */
    public TokenPositionEmbedding(String name, Matrix tokenTable, Matrix positionTable) {
        Objects.requireNonNull(name, "name");
        if (tokenTable.cols() != positionTable.cols()) {
            throw new IllegalArgumentException("token and position tables differ in width: " + tokenTable.shape()
                    + " vs " + positionTable.shape());
        }
        this.tokens = Parameter.of(name + ".tokens", tokenTable, true);
        this.positions = Parameter.of(name + ".positions", positionTable, true);
    }

    public int dim() {
        return tokens.value().cols();
    }

    public int vocabularySize() {
        return tokens.value().rows();
    }

    public int maxSeqLen() {
        return positions.value().rows();
    }

    /** {@code batch} sequences of equal length {@code 1 … maxSeqLen}, ids in {@code [0, vocabularySize)}. */
    public Matrix forward(int[][] batch) {
        int seqLen = requireShape(batch);
        int dim = dim();
        Matrix out = Matrix.zeros(batch.length * seqLen, dim);
        double[] o = out.data();
        double[] t = tokens.value().data();
        double[] p = positions.value().data();
        for (int b = 0; b < batch.length; b++) {
            for (int i = 0; i < seqLen; i++) {
                int id = Objects.checkIndex(batch[b][i], vocabularySize());
                int dst = (b * seqLen + i) * dim;
                for (int d = 0; d < dim; d++) {
                    o[dst + d] = t[id * dim + d] + p[i * dim + d];
                }
            }
        }
        lastTokens = batch;
        return out;
    }

    /** Scatter-adds the gradient into both tables; token ids have no gradient. */
    public void backward(Matrix gradOutput) {
        if (lastTokens == null) {
            throw new IllegalStateException("backward called before forward");
        }
        int seqLen = lastTokens[0].length;
        int dim = dim();
        if (gradOutput.rows() != lastTokens.length * seqLen || gradOutput.cols() != dim) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastTokens.length * seqLen + "x" + dim);
        }
        double[] g = gradOutput.data();
        double[] tg = tokens.grad().data();
        double[] pg = positions.grad().data();
        for (int b = 0; b < lastTokens.length; b++) {
            for (int i = 0; i < seqLen; i++) {
                int src = (b * seqLen + i) * dim;
                int tokenRow = lastTokens[b][i] * dim;
                for (int d = 0; d < dim; d++) {
                    tg[tokenRow + d] += g[src + d];
                    pg[i * dim + d] += g[src + d];
                }
            }
        }
    }

    public List<Parameter> parameters() {
        return List.of(tokens, positions);
    }

    private int requireShape(int[][] batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.length == 0 || batch[0].length == 0 || batch[0].length > maxSeqLen()) {
            throw new IllegalArgumentException("need a non-empty batch of sequences of length 1.." + maxSeqLen());
        }
        for (int[] sequence : batch) {
            if (sequence.length != batch[0].length) {
                throw new IllegalArgumentException("sequences differ in length");
            }
        }
        return batch[0].length;
    }
}
