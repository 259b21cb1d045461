package dev.gridmint.node.inference.serve;

import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny Llama-architecture model, made from a seed: the {@code config.json}, {@code tokenizer.json} and
 * {@code model.safetensors} of a Hugging Face Llama checkpoint, small enough to write in milliseconds, so
 * that the Jlama serving path can be exercised without downloading a model. Its weights are random (it
 * speaks gibberish), but every byte is a function of the seed: equal seeds give equal archives and hashes.
 *
 * <p>The tokenizer is a character-level BPE vocabulary (no merges): the three Llama special tokens, the
 * space, the new line and the printable ASCII characters; anything else reads as {@code <unk>}.
 */
public final class TinyLlama {

    public static final String NAME = "tiny-llama";
    static final int HIDDEN = 64;
    static final int INTERMEDIATE = 128;
    static final int HEADS = 4;
    static final int LAYERS = 2;
    static final int CONTEXT = 512;
    static final int BOS = 1;
    static final int EOS = 2;
    /** Wide enough that a random model's next-token distribution is not flat. */
    private static final double WEIGHT_STD = 0.25;

    private TinyLlama() {}

    /** The vocabulary, by id: specials first, then the space, the new line and {@code '!'..'~'}. */
    static List<String> vocabulary() {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>", " ", "\n"));
        for (char c = '!'; c <= '~'; c++) {
            tokens.add(String.valueOf(c));
        }
        return tokens;
    }

    /** The model as a tar archive of its three files: the artifact a provider serves. */
    public static byte[] archive(long seed) {
        return ModelTar.write(files(seed));
    }

    /** Writes the model's files into {@code dir} (created if needed), as a Hugging Face model directory. */
    public static void writeDirectory(long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var file : files(seed).entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static Map<String, byte[]> files(long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", utf8(Json.write(config())));
        files.put("tokenizer.json", utf8(Json.write(tokenizer())));
        files.put("model.safetensors", safetensors(new SplittableRandom(seed)));
        return files;
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of("LlamaForCausalLM"));
        config.put("model_type", "llama");
        config.put("hidden_size", HIDDEN);
        config.put("intermediate_size", INTERMEDIATE);
        config.put("num_attention_heads", HEADS);
        config.put("num_key_value_heads", HEADS);
        config.put("num_hidden_layers", LAYERS);
        config.put("max_position_embeddings", CONTEXT);
        config.put("rms_norm_eps", 1e-5);
        config.put("vocab_size", vocabulary().size());
        config.put("bos_token_id", BOS);
        config.put("eos_token_id", EOS);
        config.put("hidden_act", "silu");
        config.put("rope_theta", 10000.0);
        config.put("tie_word_embeddings", false);
        config.put("torch_dtype", "float32");
        return config;
    }

    private static Map<String, Object> tokenizer() {
        List<String> tokens = vocabulary();
        Map<String, Object> vocab = new LinkedHashMap<>();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        for (int id = 0; id <= EOS; id++) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", id);
            token.put("content", tokens.get(id));
            token.put("single_word", false);
            token.put("lstrip", false);
            token.put("rstrip", false);
            token.put("normalized", false);
            token.put("special", true);
            added.add(token);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("unk_token", "<unk>");
        model.put("fuse_unk", true);
        model.put("byte_fallback", false);
        model.put("vocab", vocab);
        model.put("merges", List.of());
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("added_tokens", added);
        tokenizer.put("model", model);
        return tokenizer;
    }

    /** The tensors, in a fixed order, as float32 safetensors: an 8-byte header length, the JSON header, the data. */
    private static byte[] safetensors(SplittableRandom random) {
        int vocab = vocabulary().size();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new int[] {vocab, HIDDEN});
        for (int layer = 0; layer < LAYERS; layer++) {
            String base = "model.layers." + layer + ".";
            shapes.put(base + "input_layernorm.weight", new int[] {HIDDEN});
            for (String projection : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
                shapes.put(base + "self_attn." + projection + ".weight", new int[] {HIDDEN, HIDDEN});
            }
            shapes.put(base + "post_attention_layernorm.weight", new int[] {HIDDEN});
            shapes.put(base + "mlp.gate_proj.weight", new int[] {INTERMEDIATE, HIDDEN});
            shapes.put(base + "mlp.up_proj.weight", new int[] {INTERMEDIATE, HIDDEN});
            shapes.put(base + "mlp.down_proj.weight", new int[] {HIDDEN, INTERMEDIATE});
        }
        shapes.put("model.norm.weight", new int[] {HIDDEN});
        shapes.put("lm_head.weight", new int[] {vocab, HIDDEN});

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (var entry : shapes.entrySet()) {
            long bytes = (long) Float.BYTES * elements(entry.getValue());
            header.put(entry.getKey(), Map.of("dtype", "F32", "shape", entry.getValue(), "data_offsets", List.of(offset, offset + bytes)));
            offset += bytes;
        }
        // The header is padded with spaces to a multiple of 8 bytes, so the data that follows is aligned.
        byte[] json = utf8(Json.write(header));
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(Long.BYTES + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (var entry : shapes.entrySet()) {
            boolean norm = entry.getValue().length == 1;
            for (int i = 0; i < elements(entry.getValue()); i++) {
                // RMSNorm gains start at one, as in a fresh Llama; the matrices are seeded uniform values of that deviation.
                out.putFloat(norm ? 1f : (float) (random.nextDouble(-1, 1) * WEIGHT_STD * Math.sqrt(3)));
            }
        }
        return out.array();
    }

    private static int elements(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
