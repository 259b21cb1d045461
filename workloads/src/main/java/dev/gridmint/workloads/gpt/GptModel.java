package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.names.Vocabulary;
import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.tensor.Matrix;
import dev.gridmint.workloads.tensor.MatrixCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A trained {@link Gpt} with its vocabulary: the exported artifact that inference serves.
 *
 * <p>File format, version 1, big-endian: the magic {@code "GMGP"}, the version (int), the config
 * ({@code vocabularySize, contextLength, dim, layers, heads} as ints), the {@code vocabularySize} token
 * characters (chars, the boundary {@code '.'} first), the parameter count (int), then each parameter in
 * {@link Gpt#parameters()} order as {@link MatrixCodec} writes it. Nothing may follow. The encoding is a pure
 * function of the values, so equal models have equal bytes and equal SHA-256 digests.
 */
public record GptModel(Vocabulary vocabulary, Gpt network) {

    public static final byte[] MAGIC = {'G', 'M', 'G', 'P'};
    public static final int FORMAT_VERSION = 1;
    /** The largest model file {@link #fromBytes} accepts. */
    public static final int MAX_FILE_BYTES = 64 << 20;
    public static final int MAX_GENERATED_TOKENS = 100_000;
    public static final double MAX_TEMPERATURE = 100.0;

    public GptModel {
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(network, "network");
        if (vocabulary.size() != network.config().vocabularySize()) {
            throw new IllegalArgumentException("vocabulary of " + vocabulary.size() + " for a model of "
                    + network.config().vocabularySize() + " tokens");
        }
    }

    public GptConfig config() {
        return network.config();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            GptConfig c = config();
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(c.vocabularySize());
            out.writeInt(c.contextLength());
            out.writeInt(c.dim());
            out.writeInt(c.layers());
            out.writeInt(c.heads());
            out.writeChars(new String(vocabulary.tokens()));
            List<Parameter> params = network.parameters();
            out.writeInt(params.size());
            for (Parameter p : params) {
                MatrixCodec.write(out, p.name(), p.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a model written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid version-1 model file
     */
    public static GptModel fromBytes(byte[] bytes) {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("model file of " + bytes.length + " bytes exceeds " + MAX_FILE_BYTES);
        }
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(stream)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a GPT model file (bad magic)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported GPT model format version " + version);
            }
            GptConfig config = new GptConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
            char[] tokens = new char[config.vocabularySize()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = in.readChar();
            }
            Vocabulary vocabulary = Vocabulary.of(tokens);
            List<Gpt.Shape> shapes = Gpt.shapes(config);
            int count = in.readInt();
            if (count != shapes.size()) {
                throw new IllegalArgumentException("expected " + shapes.size() + " parameters, found " + count);
            }
            List<Matrix> values = new ArrayList<>(count);
            for (Gpt.Shape shape : shapes) {
                values.add(MatrixCodec.read(in, shape.name(), shape.rows(), shape.cols()));
            }
            if (stream.available() > 0) {
                throw new IllegalArgumentException(stream.available() + " unexpected trailing bytes");
            }
            return new GptModel(vocabulary, Gpt.of(config, values));
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated GPT model file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable GPT model file: " + e.getMessage(), e);
        }
    }

    /** The lowercase hex SHA-256 of {@link #toBytes()}: the model's identity. */
    public String sha256() {
        return sha256Hex(toBytes());
    }

    /**
     * The SHA-256 of θ alone: every parameter value in {@link Gpt#parameters()} order as big-endian IEEE-754
     * doubles, the hash that distributed trainers compare.
     */
    public String parametersSha256() {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES);
        for (Parameter p : network.parameters()) {
            for (double d : p.value().data()) {
                digest.update(buffer.clear().putDouble(d).array());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Continues {@code prompt} by {@code maxTokens} characters. {@code '\n'} in the prompt and the output
     * stands for the boundary token (the end of a name). The model sees a boundary followed by the prompt,
     * as in training where every name follows one, cropped to the last {@code contextLength} tokens. With {@code temperature} 0 each step takes the most likely token
     * (the lowest id on a tie); otherwise it samples from {@code softmax(logits / temperature)} with
     * {@code new SplittableRandom(seed)}, so equal arguments always give equal text.
     *
     * @throws IllegalArgumentException for a character outside the vocabulary or an argument out of range
     */
    public String generate(String prompt, int maxTokens, double temperature, long seed) {
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 0 || maxTokens > MAX_GENERATED_TOKENS) {
            throw new IllegalArgumentException("maxTokens must be in 0.." + MAX_GENERATED_TOKENS + ", got " + maxTokens);
        }
        if (!(temperature >= 0.0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be in [0, " + MAX_TEMPERATURE + "], got " + temperature);
        }
        // The context window slides over a buffer holding the boundary, the prompt and what is generated.
        int[] tokens = new int[1 + prompt.length() + maxTokens];
        int length = 1;
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            tokens[length++] = c == '\n' ? 0 : vocabulary.encode(c);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(maxTokens);
        for (int n = 0; n < maxTokens; n++) {
            int[] context = Arrays.copyOfRange(tokens, Math.max(0, length - config().contextLength()), length);
            double[] logits = network.logits(new int[][] {context}).data();
            int vocabularySize = config().vocabularySize();
            int next = choose(Arrays.copyOfRange(logits, logits.length - vocabularySize, logits.length), temperature,
                    rng);
            tokens[length++] = next;
            text.append(next == 0 ? '\n' : vocabulary.decode(next));
        }
        return text.toString();
    }

    private static int choose(double[] logits, double temperature, SplittableRandom rng) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (temperature == 0.0) {
            return best;
        }
        double[] weights = new double[logits.length];
        double sum = 0.0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = StrictMath.exp((logits[i] - logits[best]) / temperature);
            sum += weights[i];
        }
        double u = rng.nextDouble() * sum;
        double cumulative = 0.0;
        for (int i = 0; i < logits.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return i;
            }
        }
        return logits.length - 1;
    }
}
