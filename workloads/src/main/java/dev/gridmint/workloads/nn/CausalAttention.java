package dev.gridmint.workloads.nn;

import dev.gridmint.workloads.tensor.Matrix;

/**
 * The parameter-free core of causal multi-head self-attention. Its input is the concatenated query, key
 * and value projections of a batch of sequences, {@code (batch · seqLen) × 3·dim} with row {@code b · seqLen
 * + i} holding position {@code i} of sequence {@code b} as {@code [q | k | v]}; each of the three splits into
 * {@code heads} contiguous slices of {@code dim / heads}. For every sequence and head,
 * {@code out_i = Σ_{j ≤ i} softmax_j(q_i · k_j / √headDim) · v_j}. The output is {@code (batch · seqLen) × dim},
 * heads side by side. The query, key, value and output projections are ordinary {@link Linear} layers.
 */
public final class CausalAttention {

    private final int dim;
    private final int heads;
    private final int headDim;
    private final double scale;
    private Matrix lastQkv;
    private int lastSeqLen;
    /** Attention weights per (sequence, head), each a lower-triangular {@code seqLen × seqLen} block. */
    private double[] lastWeights;

    public CausalAttention(int dim, int heads) {
        if (dim < 1 || heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " must be a positive multiple of heads " + heads);
        }
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.scale = 1.0 / StrictMath.sqrt(headDim);
    }

    public Matrix forward(Matrix qkv, int seqLen) {
        int batch = requireShape(qkv, seqLen);
        Matrix out = Matrix.zeros(qkv.rows(), dim);
        double[] in = qkv.data();
        double[] o = out.data();
        double[] weights = new double[batch * heads * seqLen * seqLen];
        int stride = 3 * dim;
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int block = (b * heads + h) * seqLen * seqLen;
                for (int i = 0; i < seqLen; i++) {
                    int q = (b * seqLen + i) * stride + h * headDim;
                    int row = block + i * seqLen;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        int k = (b * seqLen + j) * stride + dim + h * headDim;
                        double s = 0.0;
                        for (int d = 0; d < headDim; d++) {
                            s += in[q + d] * in[k + d];
                        }
                        s *= scale;
                        weights[row + j] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0.0;
                    for (int j = 0; j <= i; j++) {
                        double e = StrictMath.exp(weights[row + j] - max);
                        weights[row + j] = e;
                        sum += e;
                    }
                    int dst = (b * seqLen + i) * dim + h * headDim;
                    for (int j = 0; j <= i; j++) {
                        double p = weights[row + j] / sum;
                        weights[row + j] = p;
                        int v = (b * seqLen + j) * stride + 2 * dim + h * headDim;
                        for (int d = 0; d < headDim; d++) {
                            o[dst + d] += p * in[v + d];
                        }
                    }
                }
            }
        }
        lastQkv = qkv;
        lastSeqLen = seqLen;
        lastWeights = weights;
        return out;
    }

    /**
     * With {@code P} the attention weights and {@code dO} the output gradient: {@code dV = Pᵀ·dO},
     * {@code dP = dO·Vᵀ}, {@code dS = P ⊙ (dP − rowsum(P ⊙ dP))}, {@code dQ = dS·K·scale},
     * {@code dK = dSᵀ·Q·scale}; returned side by side like the input.
     */
    public Matrix backward(Matrix gradOutput) {
        if (lastQkv == null) {
            throw new IllegalStateException("backward called before forward");
        }
        int seqLen = lastSeqLen;
        int batch = lastQkv.rows() / seqLen;
        if (gradOutput.rows() != lastQkv.rows() || gradOutput.cols() != dim) {
            throw new IllegalArgumentException("gradOutput shape " + gradOutput.shape() + " does not match output "
                    + lastQkv.rows() + "x" + dim);
        }
        Matrix gradInput = Matrix.zeros(lastQkv.rows(), 3 * dim);
        double[] in = lastQkv.data();
        double[] dIn = gradInput.data();
        double[] dOut = gradOutput.data();
        double[] weights = lastWeights;
        double[] dScores = new double[seqLen];
        int stride = 3 * dim;
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int block = (b * heads + h) * seqLen * seqLen;
                for (int i = 0; i < seqLen; i++) {
                    int row = block + i * seqLen;
                    int dO = (b * seqLen + i) * dim + h * headDim;
                    double weighted = 0.0;
                    for (int j = 0; j <= i; j++) {
                        int v = (b * seqLen + j) * stride + 2 * dim + h * headDim;
                        double p = weights[row + j];
                        double dp = 0.0;
                        for (int d = 0; d < headDim; d++) {
                            dp += dOut[dO + d] * in[v + d];
                            dIn[v + d] += p * dOut[dO + d];
                        }
                        dScores[j] = dp;
                        weighted += p * dp;
                    }
                    int q = (b * seqLen + i) * stride + h * headDim;
                    for (int j = 0; j <= i; j++) {
                        double ds = weights[row + j] * (dScores[j] - weighted) * scale;
                        int k = (b * seqLen + j) * stride + dim + h * headDim;
                        for (int d = 0; d < headDim; d++) {
                            dIn[q + d] += ds * in[k + d];
                            dIn[k + d] += ds * in[q + d];
                        }
                    }
                }
            }
        }
        return gradInput;
    }

    private int requireShape(Matrix qkv, int seqLen) {
        if (seqLen < 1 || qkv.cols() != 3 * dim || qkv.rows() % seqLen != 0) {
            throw new IllegalArgumentException("expected (batch·" + seqLen + ")x" + 3 * dim + " q|k|v, got "
                    + qkv.shape());
        }
        return qkv.rows() / seqLen;
    }
}
