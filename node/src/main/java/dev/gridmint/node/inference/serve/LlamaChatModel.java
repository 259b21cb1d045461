package dev.gridmint.node.inference.serve;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.gridmint.workloads.serve.ChatModel;
import dev.gridmint.workloads.serve.Generation;
import dev.gridmint.workloads.serve.Sampling;
import dev.gridmint.workloads.serve.StopMatcher;
import dev.gridmint.workloads.serve.TokenSampler;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A Llama-family model (a Hugging Face safetensors directory) run by Jlama, served as a {@link ChatModel}.
 * Jlama computes the forward pass; the token is drawn by our {@link TokenSampler} from a generator seeded
 * with the request's seed (Jlama's own sampler draws from {@code ThreadLocalRandom}), so the same seed gives
 * the same tokens. The model's probabilities at temperature 1 are turned back into logits by their logarithm,
 * which the sampler's softmax at any temperature reads the same way.
 *
 * <p>One generation runs at a time: Jlama's tokenizer keeps decoding state, and one reused KV cache serves
 * every request (each starts over at position 0, and attention reads only the positions written so far).
 */
public final class LlamaChatModel implements ChatModel, AutoCloseable {

    private final String id;
    private final String sha256;
    private final AbstractModel model;
    private final KvBufferCache.KvBuffer cache;
    private final int bos;
    private final List<Integer> eos;
    private final int context;
    private final Runnable onClose;

    private LlamaChatModel(String id, String sha256, AbstractModel model, Runnable onClose) {
        this.onClose = onClose;
        this.id = id;
        this.sha256 = sha256;
        this.model = model;
        this.cache = new KvBufferCache(model).getEphemeralKvBuffer();
        this.bos = model.getConfig().bosToken;
        this.eos = List.copyOf(model.getConfig().eosTokens);
        this.context = model.getConfig().contextLength;
    }

    /**
     * Loads the model directory ({@code config.json}, {@code tokenizer.json}, {@code model.safetensors}) in float32.
     *
     * @throws ModelFormatException with {@link ModelFormatException#CORRUPT} when Jlama cannot load it, or
     *     {@link ModelFormatException#UNSUPPORTED} in a JVM without the Vector API module Jlama needs
     */
    public static LlamaChatModel load(String id, String sha256, Path dir) {
        return load(id, sha256, dir, () -> { });
    }

    /** As {@link #load(String, String, Path)}; {@code onClose} runs after the model is closed (say, to delete {@code dir}). */
    static LlamaChatModel load(String id, String sha256, Path dir, Runnable onClose) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new ModelFormatException(ModelFormatException.UNSUPPORTED,
                    "this JVM cannot run Jlama: start it with --add-modules jdk.incubator.vector (the gridmint launcher does for providers)");
        }
        try {
            return new LlamaChatModel(id, sha256, ModelSupport.loadModel(dir.toFile(), DType.F32, DType.F32), onClose);
        } catch (RuntimeException | LinkageError e) {
            throw new ModelFormatException(ModelFormatException.CORRUPT, "Jlama cannot load the Llama model: " + e, e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public synchronized int countTokens(String text) {
        return model.getTokenizer().encode(text).length;
    }

    @Override
    public synchronized Generation generate(String prompt, Sampling sampling, Consumer<String> onToken) {
        int[] tokens = promptTokens(prompt);
        var random = new SplittableRandom(sampling.seed());
        var stops = new StopMatcher(sampling.stop(), onToken);
        AbstractTensor out = model.batchForward(tokens, 0, cache);
        double[] logits = logits(out.slice(out.shape().first() - 1));
        out.close();
        int position = tokens.length;
        int drawn = 0;
        String finish = "length";
        while (drawn < sampling.maxTokens() && position < context) {
            int next = TokenSampler.draw(logits, sampling.temperature(), sampling.topP(), random);
            drawn++;
            if (eos.contains(next)) {
                finish = "stop";
                break;
            }
            if (stops.accept(model.getTokenizer().decode(next))) {
                finish = "stop";
                break;
            }
            AbstractTensor step = model.forward(next, position++, cache, Optional.empty());
            logits = logits(step);
            step.close();
        }
        return new Generation(stops.finish(), tokens.length, drawn, finish);
    }

    /** The beginning-of-sequence token and the prompt's, the prompt cropped to its last half context. */
    private int[] promptTokens(String prompt) {
        long[] encoded = model.getTokenizer().encode(prompt);
        int keep = Math.min(encoded.length, context / 2);
        int[] tokens = new int[keep + 1];
        tokens[0] = bos;
        for (int i = 0; i < keep; i++) {
            tokens[i + 1] = Math.toIntExact(encoded[encoded.length - keep + i]);
        }
        return tokens;
    }

    private double[] logits(AbstractTensor output) {
        float[] probabilities = model.getLogits(output);
        return Arrays.stream(toDoubles(probabilities)).map(Math::log).toArray();
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    @Override
    public synchronized void close() {
        try {
            model.close();
        } finally {
            onClose.run();
        }
    }
}
