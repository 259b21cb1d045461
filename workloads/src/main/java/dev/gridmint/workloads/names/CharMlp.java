package dev.gridmint.workloads.names;

import dev.gridmint.workloads.nn.CrossEntropy;
import dev.gridmint.workloads.nn.Embedding;
import dev.gridmint.workloads.nn.Linear;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.nn.Tanh;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The character-level MLP language model of Bengio et al. (2003), as in Karpathy's "makemore" part 2:
 *
 * <pre>
 *   context (contextLength token ids)
 *     → embedding lookup, concatenated       batch × (contextLength · embeddingDim)
 *     → hidden = tanh(x · W1 + b1)           batch × hiddenSize
 *     → logits = hidden · W2 + b2            batch × vocabularySize
 *     → softmax cross-entropy against the next token
 * </pre>
 *
 * Its parameters, in this fixed order (also the order in the model file), are {@code embedding},
 * {@code hidden.weight}, {@code hidden.bias}, {@code output.weight}, {@code output.bias}.
 */
public final class CharMlp {

    /** Rows per forward pass in {@link #meanLoss}, to bound memory on large example sets. */
    private static final int EVAL_CHUNK = 4096;

    private final int contextLength;
    private final Embedding embedding;
    private final Linear hidden;
    private final Tanh tanh = new Tanh();
    private final Linear output;
    private final CrossEntropy crossEntropy = new CrossEntropy();

    private CharMlp(int contextLength, Embedding embedding, Linear hidden, Linear output) {
        if (hidden.inFeatures() != contextLength * embedding.dim()
                || output.inFeatures() != hidden.outFeatures()
                || output.outFeatures() != embedding.vocabularySize()) {
            throw new IllegalArgumentException("inconsistent layer shapes");
        }
        this.contextLength = contextLength;
        this.embedding = embedding;
        this.hidden = hidden;
        this.output = output;
    }

    /**
     * A freshly initialized model, drawing from {@code rng} in a fixed order: embeddings ~ N(0, 1); hidden
     * weights ~ N(0, (5/3)/√fanIn) (Kaiming for tanh) with zero bias; output weights ~ N(0, 0.01) with zero
     * bias, so the initial predictions are nearly uniform and the initial loss is close to
     * {@code ln(vocabularySize)}.
     */
    public static CharMlp initialize(int vocabularySize, int contextLength, int embeddingDim, int hiddenSize,
            RandomGenerator rng) {
        int fanIn = contextLength * embeddingDim;
        Matrix table = Matrix.randn(vocabularySize, embeddingDim, 1.0, rng);
        Matrix w1 = Matrix.randn(fanIn, hiddenSize, (5.0 / 3.0) / StrictMath.sqrt(fanIn), rng);
        Matrix w2 = Matrix.randn(hiddenSize, vocabularySize, 0.01, rng);
        return new CharMlp(contextLength,
                new Embedding("embedding", table),
                new Linear("hidden", w1, Matrix.zeros(1, hiddenSize)),
                new Linear("output", w2, Matrix.zeros(1, vocabularySize)));
    }

    /** A model with the given parameter values (in {@link #parameters()} order; taken over, not copied). */
    public static CharMlp of(int contextLength, Matrix table, Matrix w1, Matrix b1, Matrix w2, Matrix b2) {
        return new CharMlp(contextLength, new Embedding("embedding", table), new Linear("hidden", w1, b1),
                new Linear("output", w2, b2));
    }

    public int contextLength() {
        return contextLength;
    }

    public int embeddingDim() {
        return embedding.dim();
    }

    public int hiddenSize() {
        return hidden.outFeatures();
    }

    public int vocabularySize() {
        return embedding.vocabularySize();
    }

    /** The parameters in their fixed order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(5);
        all.addAll(embedding.parameters());
        all.addAll(hidden.parameters());
        all.addAll(output.parameters());
        return List.copyOf(all);
    }

    /** The logits ({@code batch × vocabularySize}) for a batch of contexts. */
    public Matrix logits(int[][] contexts) {
        for (int[] context : contexts) {
            if (context.length != contextLength) {
                throw new IllegalArgumentException("context length " + context.length + ", expected " + contextLength);
            }
        }
        return output.forward(tanh.forward(hidden.forward(embedding.forward(contexts))));
    }

    /**
     * Forward and backward pass on one minibatch: adds ∂(mean loss)/∂θ into every parameter's gradient and
     * returns the mean loss. The caller clears the gradients first.
     */
    public double lossAndBackward(Examples batch) {
        double loss = crossEntropy.forward(logits(batch.contexts()), batch.targets());
        Matrix grad = crossEntropy.backward();
        grad = output.backward(grad);
        grad = tanh.backward(grad);
        grad = hidden.backward(grad);
        embedding.backward(grad);
        return loss;
    }

    /** The mean loss over all {@code examples} (forward only; no gradients are touched). */
    public double meanLoss(Examples examples) {
        if (examples.size() == 0) {
            throw new IllegalArgumentException("no examples");
        }
        double total = 0.0;
        for (int from = 0; from < examples.size(); from += EVAL_CHUNK) {
            Examples chunk = examples.range(from, Math.min(examples.size(), from + EVAL_CHUNK));
            total += crossEntropy.forward(logits(chunk.contexts()), chunk.targets()) * chunk.size();
        }
        return total / examples.size();
    }
}
