package dev.gridmint.workloads.names;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A trained names model — its config, vocabulary and network — and its binary file format.
 *
 * <h2>File format, version 1</h2>
 * All integers and floats are little-endian; floats are IEEE 754 binary64, written bit-exactly.
 * <pre>
 *   magic          4 bytes   "GMNM" (0x47 0x4D 0x4E 0x4D)
 *   version        int32     1
 *   config         int64 seed, int32 steps, int32 batchSize, int32 contextLength, int32 embeddingDim,
 *                  int32 hiddenSize, float64 learningRate, float64 weightDecay, int32 evalEvery
 *   vocabulary     int32 n, then n × uint16 characters (UTF-16 code units; the first is '.')
 *   parameters     int32 p (= 5), then p × {
 *                    int32 nameLength, nameLength bytes UTF-8 name,
 *                    int32 rows, int32 cols, rows·cols × float64 values, row-major }
 * </pre>
 * The parameters are, in order, {@code embedding} (n × embeddingDim), {@code hidden.weight}
 * (contextLength·embeddingDim × hiddenSize), {@code hidden.bias} (1 × hiddenSize), {@code output.weight}
 * (hiddenSize × n) and {@code output.bias} (1 × n). Nothing may follow the last parameter. Because the encoding
 * is a pure function of the values, equal models have equal bytes and equal SHA-256 digests.
 *
 * @param config     the config the model was trained with (its shape fields match the network)
 * @param vocabulary the token characters
 * @param network    the parameters
 */
public record NamesModel(TrainingConfig config, Vocabulary vocabulary, CharMlp network) {

    /** The file magic, "GMNM". */
    public static final byte[] MAGIC = {'G', 'M', 'N', 'M'};
    public static final int FORMAT_VERSION = 1;
    /** Sampling stops after this many characters even if the model never emits the boundary token. */
    public static final int MAX_SAMPLE_LENGTH = 32;

    public NamesModel {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(network, "network");
        if (network.contextLength() != config.contextLength() || network.embeddingDim() != config.embeddingDim()
                || network.hiddenSize() != config.hiddenSize() || network.vocabularySize() != vocabulary.size()) {
            throw new IllegalArgumentException("network shape does not match config and vocabulary");
        }
    }

    /** The model in the file format described above. */
    public byte[] toBytes() {
        List<Parameter> params = network.parameters();
        char[] tokens = vocabulary.tokens();
        int size = 4 + 4 + (8 + 4 * 5 + 8 + 8 + 4) + 4 + 2 * tokens.length + 4;
        List<byte[]> names = new ArrayList<>();
        for (Parameter p : params) {
            byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size = Math.addExact(size, 4 + name.length + 8 + Math.multiplyExact(8, p.size()));
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(FORMAT_VERSION);
        buf.putLong(config.seed()).putInt(config.steps()).putInt(config.batchSize()).putInt(config.contextLength())
                .putInt(config.embeddingDim()).putInt(config.hiddenSize()).putDouble(config.learningRate())
                .putDouble(config.weightDecay()).putInt(config.evalEvery());
        buf.putInt(tokens.length);
        for (char c : tokens) {
            buf.putChar(c);
        }
        buf.putInt(params.size());
        for (int i = 0; i < params.size(); i++) {
            Matrix value = params.get(i).value();
            buf.putInt(names.get(i).length).put(names.get(i));
            buf.putInt(value.rows()).putInt(value.cols());
            for (double d : value.data()) {
                buf.putDouble(d);
            }
        }
        if (buf.hasRemaining()) {
            throw new IllegalStateException("model size miscomputed");
        }
        return buf.array();
    }

    /**
     * Reads a model written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid version-1 model file
     */
    public static NamesModel fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a names model file (bad magic)");
            }
            int version = buf.getInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported model format version " + version);
            }
            TrainingConfig config = new TrainingConfig(buf.getLong(), buf.getInt(), buf.getInt(), buf.getInt(),
                    buf.getInt(), buf.getInt(), buf.getDouble(), buf.getDouble(), buf.getInt());
            int vocabSize = buf.getInt();
            if (vocabSize < 2 || vocabSize > 128) {
                throw new IllegalArgumentException("bad vocabulary size " + vocabSize);
            }
            char[] tokens = new char[vocabSize];
            for (int i = 0; i < vocabSize; i++) {
                tokens[i] = buf.getChar();
            }
            Vocabulary vocabulary = Vocabulary.of(tokens);
            int count = buf.getInt();
            if (count != 5) {
                throw new IllegalArgumentException("expected 5 parameters, found " + count);
            }
            int c = config.contextLength();
            int e = config.embeddingDim();
            int h = config.hiddenSize();
            Matrix table = readParameter(buf, "embedding", vocabSize, e);
            Matrix w1 = readParameter(buf, "hidden.weight", c * e, h);
            Matrix b1 = readParameter(buf, "hidden.bias", 1, h);
            Matrix w2 = readParameter(buf, "output.weight", h, vocabSize);
            Matrix b2 = readParameter(buf, "output.bias", 1, vocabSize);
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException(buf.remaining() + " unexpected trailing bytes");
            }
            return new NamesModel(config, vocabulary, CharMlp.of(c, table, w1, b1, w2, b2));
        } catch (BufferUnderflowException ex) {
            throw new IllegalArgumentException("truncated model file", ex);
        }
    }

    private static Matrix readParameter(ByteBuffer buf, String expectedName, int rows, int cols) {
        int nameLength = buf.getInt();
        if (nameLength < 0 || nameLength > 256) {
            throw new IllegalArgumentException("bad parameter name length " + nameLength);
        }
        byte[] name = new byte[nameLength];
        buf.get(name);
        String actual = new String(name, StandardCharsets.UTF_8);
        if (!actual.equals(expectedName)) {
            throw new IllegalArgumentException("expected parameter " + expectedName + ", found " + actual);
        }
        int r = buf.getInt();
        int k = buf.getInt();
        if (r != rows || k != cols) {
            throw new IllegalArgumentException(expectedName + " is " + r + "x" + k + ", expected " + rows + "x" + cols);
        }
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = buf.getDouble();
        }
        return m;
    }

    /** The lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The logits for the next character after each of {@code prefixes} (only their last characters count). */
    public Matrix logits(List<String> prefixes) {
        int[][] contexts = new int[prefixes.size()][];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = context(prefixes.get(i));
        }
        return network.logits(contexts);
    }

    /**
     * Samples {@code count} names: starting from an all-boundary context, repeatedly draws the next character
     * from the softmax of the logits (temperature 1) using {@code rng.nextDouble()}, until the boundary token
     * or {@link #MAX_SAMPLE_LENGTH} characters.
     */
    public List<String> sample(int count, RandomGenerator rng) {
        List<String> names = new ArrayList<>(count);
        int n = vocabulary.size();
        double[] probabilities = new double[n];
        for (int s = 0; s < count; s++) {
            StringBuilder name = new StringBuilder();
            int[] context = new int[config.contextLength()];
            while (name.length() < MAX_SAMPLE_LENGTH) {
                double[] z = network.logits(new int[][] {context}).data();
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0.0;
                for (int i = 0; i < n; i++) {
                    probabilities[i] = StrictMath.exp(z[i] - max);
                    sum += probabilities[i];
                }
                double u = rng.nextDouble() * sum;
                int next = n - 1;
                double cumulative = 0.0;
                for (int i = 0; i < n; i++) {
                    cumulative += probabilities[i];
                    if (u < cumulative) {
                        next = i;
                        break;
                    }
                }
                if (next == 0) {
                    break;
                }
                name.append(vocabulary.decode(next));
                System.arraycopy(context, 1, context, 0, context.length - 1);
                context[context.length - 1] = next;
            }
            names.add(name.toString());
        }
        return List.copyOf(names);
    }

    private int[] context(String prefix) {
        int[] context = new int[config.contextLength()];
        int start = Math.max(0, prefix.length() - context.length);
        int offset = context.length - (prefix.length() - start);
        for (int i = start; i < prefix.length(); i++) {
            context[offset + i - start] = vocabulary.encode(prefix.charAt(i));
        }
        return context;
    }
}
