package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.nn.CrossEntropy;
import dev.gridmint.workloads.nn.LayerNorm;
import dev.gridmint.workloads.nn.Linear;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.nn.TokenPositionEmbedding;
import dev.gridmint.workloads.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A decoder-only transformer language model (GPT-2's layout at toy scale):
 *
 * <pre>
 *   tokens (batch × seqLen ids)
 *     → token + learned position embedding           (batch·seqLen) × dim
 *     → layers × {@link Block} (pre-norm attention, pre-norm GELU MLP, residuals)
 *     → final layer norm → linear head                (batch·seqLen) × vocabularySize
 *     → softmax cross-entropy against the next token at every position
 * </pre>
 *
 * Its parameters, in this fixed order (also the order in the model file and in checkpoints), are
 * {@code embed.tokens}, {@code embed.positions}, each block's ({@code blockI.ln1.gain}, {@code .ln1.bias},
 * {@code .qkv.weight}, {@code .qkv.bias}, {@code .attn_out.weight}, {@code .attn_out.bias}, {@code .ln2.gain},
 * {@code .ln2.bias}, {@code .fc.weight}, {@code .fc.bias}, {@code .mlp_out.weight}, {@code .mlp_out.bias}), then
 * {@code ln_f.gain}, {@code ln_f.bias}, {@code head.weight}, {@code head.bias}.
 *
 * <p>A {@code Gpt} caches activations between forward and backward, so one instance serves one thread.
 */
public final class Gpt {

    /** The standard deviation of every initial weight matrix (GPT-2's), before the residual scaling. */
    public static final double INIT_STD = 0.02;

    private final GptConfig config;
    private final TokenPositionEmbedding embedding;
    private final List<Block> blocks;
    private final LayerNorm finalNorm;
    private final Linear head;
    private final List<Parameter> parameters;
    private final CrossEntropy crossEntropy = new CrossEntropy();

    /** A model of the given shape with every parameter zero; {@link #of} fills in the values. */
    private Gpt(GptConfig config) {
        this.config = config;
        int dim = config.dim();
        int hidden = GptConfig.MLP_RATIO * dim;
        this.embedding = new TokenPositionEmbedding("embed", Matrix.zeros(config.vocabularySize(), dim),
                Matrix.zeros(config.contextLength(), dim));
        List<Block> built = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            String name = "block" + l;
            built.add(new Block(name, dim, config.heads(), linear(name + ".qkv", dim, 3 * dim),
                    linear(name + ".attn_out", dim, dim), linear(name + ".fc", dim, hidden),
                    linear(name + ".mlp_out", hidden, dim)));
        }
        this.blocks = List.copyOf(built);
        this.finalNorm = new LayerNorm("ln_f", dim);
        this.head = linear("head", dim, config.vocabularySize());
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        for (Block block : blocks) {
            all.addAll(block.parameters());
        }
        all.addAll(finalNorm.parameters());
        all.addAll(head.parameters());
        this.parameters = List.copyOf(all);
    }

    private static Linear linear(String name, int in, int out) {
        return new Linear(name, Matrix.zeros(in, out), Matrix.zeros(1, out));
    }

    /**
     * A fresh model, drawing from {@code rng} in parameter order: weights and embeddings ~ N(0, 0.02), the
     * two residual output projections of each block scaled down by √(2·layers) (GPT-2), biases 0, layer-norm
     * gains 1 and biases 0.
     */
    public static Gpt initialize(GptConfig config, RandomGenerator rng) {
        Objects.requireNonNull(config, "config");
        List<Matrix> values = new ArrayList<>();
        for (Shape shape : shapes(config)) {
            values.add(switch (shape.kind()) {
                case WEIGHT -> Matrix.randn(shape.rows(), shape.cols(), INIT_STD, rng);
                case RESIDUAL_WEIGHT -> Matrix.randn(shape.rows(), shape.cols(),
                        INIT_STD / StrictMath.sqrt(2.0 * config.layers()), rng);
                case ZERO -> Matrix.zeros(shape.rows(), shape.cols());
                case ONE -> {
                    Matrix ones = Matrix.zeros(shape.rows(), shape.cols());
                    ones.fill(1.0);
                    yield ones;
                }
            });
        }
        return of(config, values);
    }

    /** A model with (copies of) the given values, in {@link #parameters()} order. */
    public static Gpt of(GptConfig config, List<Matrix> values) {
        Objects.requireNonNull(config, "config");
        if (values.size() != shapes(config).size()) {
            throw new IllegalArgumentException("expected " + shapes(config).size() + " parameter values, got "
                    + values.size());
        }
        Gpt gpt = new Gpt(config);
        for (int i = 0; i < values.size(); i++) {
            Parameter p = gpt.parameters.get(i);
            if (!p.value().sameShape(values.get(i))) {
                throw new IllegalArgumentException(p.name() + " is " + p.value().shape() + ", got "
                        + values.get(i).shape());
            }
            p.value().copyFrom(values.get(i));
        }
        return gpt;
    }

    /** What an initial value is drawn as. */
    enum InitKind { WEIGHT, RESIDUAL_WEIGHT, ZERO, ONE }

    /** The name, shape and initialization of one parameter. */
    record Shape(String name, int rows, int cols, InitKind kind) {}

    /** Every parameter's name and shape, in {@link #parameters()} order. */
    static List<Shape> shapes(GptConfig config) {
        int dim = config.dim();
        int hidden = GptConfig.MLP_RATIO * dim;
        int vocab = config.vocabularySize();
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("embed.tokens", vocab, dim, InitKind.WEIGHT));
        shapes.add(new Shape("embed.positions", config.contextLength(), dim, InitKind.WEIGHT));
        for (int l = 0; l < config.layers(); l++) {
            String b = "block" + l;
            shapes.add(new Shape(b + ".ln1.gain", 1, dim, InitKind.ONE));
            shapes.add(new Shape(b + ".ln1.bias", 1, dim, InitKind.ZERO));
            shapes.add(new Shape(b + ".qkv.weight", dim, 3 * dim, InitKind.WEIGHT));
            shapes.add(new Shape(b + ".qkv.bias", 1, 3 * dim, InitKind.ZERO));
            shapes.add(new Shape(b + ".attn_out.weight", dim, dim, InitKind.RESIDUAL_WEIGHT));
            shapes.add(new Shape(b + ".attn_out.bias", 1, dim, InitKind.ZERO));
            shapes.add(new Shape(b + ".ln2.gain", 1, dim, InitKind.ONE));
            shapes.add(new Shape(b + ".ln2.bias", 1, dim, InitKind.ZERO));
            shapes.add(new Shape(b + ".fc.weight", dim, hidden, InitKind.WEIGHT));
            shapes.add(new Shape(b + ".fc.bias", 1, hidden, InitKind.ZERO));
            shapes.add(new Shape(b + ".mlp_out.weight", hidden, dim, InitKind.RESIDUAL_WEIGHT));
            shapes.add(new Shape(b + ".mlp_out.bias", 1, dim, InitKind.ZERO));
        }
        shapes.add(new Shape("ln_f.gain", 1, dim, InitKind.ONE));
        shapes.add(new Shape("ln_f.bias", 1, dim, InitKind.ZERO));
        shapes.add(new Shape("head.weight", dim, vocab, InitKind.WEIGHT));
        shapes.add(new Shape("head.bias", 1, vocab, InitKind.ZERO));
        return List.copyOf(shapes);
    }

    public GptConfig config() {
        return config;
    }

    /** The parameters in their fixed order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The total number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** The logits, row {@code b · seqLen + i} predicting the token after position {@code i} of sequence {@code b}. */
    public Matrix logits(int[][] tokens) {
        Matrix x = embedding.forward(tokens);
        int seqLen = tokens[0].length;
        for (Block block : blocks) {
            x = block.forward(x, seqLen);
        }
        return head.forward(finalNorm.forward(x));
    }

    /**
     * Forward and backward on one batch: adds ∂(mean loss)/∂θ into every parameter's gradient (the caller
     * clears them) and returns the mean loss per target token.
     *
     * @param targets the next token at every position, same shape as {@code tokens}
     */
    public double lossAndBackward(int[][] tokens, int[][] targets) {
        double loss = loss(tokens, targets);
        Matrix grad = head.backward(crossEntropy.backward());
        grad = finalNorm.backward(grad);
        for (int l = blocks.size() - 1; l >= 0; l--) {
            grad = blocks.get(l).backward(grad);
        }
        embedding.backward(grad);
        return loss;
    }

    /** The mean loss per target token (forward only; gradients untouched). */
    public double loss(int[][] tokens, int[][] targets) {
        return crossEntropy.forward(logits(tokens), flatten(targets, tokens));
    }

    private static int[] flatten(int[][] targets, int[][] tokens) {
        if (targets.length != tokens.length) {
            throw new IllegalArgumentException(targets.length + " target rows for " + tokens.length + " sequences");
        }
        int seqLen = tokens[0].length;
        int[] flat = new int[targets.length * seqLen];
        for (int b = 0; b < targets.length; b++) {
            if (targets[b].length != seqLen) {
                throw new IllegalArgumentException("target row " + b + " has length " + targets[b].length);
            }
            System.arraycopy(targets[b], 0, flat, b * seqLen, seqLen);
        }
        return flat;
    }
}
