package dev.gridmint.node.inference.serve;

import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.serve.GptChatModel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Serves a model artifact (a file named by its SHA-256) whose format is detected from its first bytes, never
 * from a name or a claim: a {@link GptModel} export ({@code GMGP}), a Llama model directory packed as a tar
 * archive (run by Jlama), or GGUF, which is recognised and refused because Jlama 0.8.4 reads only safetensors.
 * Anything else is {@link ModelFormatException#UNKNOWN}; a file that starts as a known format and then breaks
 * its rules is {@link ModelFormatException#CORRUPT}.
 */
public final class ModelArtifacts {

    /** The formats recognised by their first bytes. */
    public enum Format { GPT_EXPORT, LLAMA_TAR, GGUF }

    static final Set<String> LLAMA_FILES = Set.of("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors");
    private static final Set<String> LLAMA_REQUIRED = Set.of("config.json", "tokenizer.json", "model.safetensors");
    /** The most a Llama archive may unpack to: a few billion parameters in bf16. */
    static final long MAX_LLAMA_BYTES = 16L << 30;
    /** The most a JSON file of a Llama archive may hold (real tokenizers are a few MB); Jackson reads them whole. */
    static final long MAX_JSON_BYTES = 64L << 20;
    private static final byte[] GGUF_MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    private ModelArtifacts() {}

    public static Format detect(byte[] head) {
        if (startsWith(head, GptModel.MAGIC)) {
            return Format.GPT_EXPORT;
        }
        if (startsWith(head, GGUF_MAGIC)) {
            return Format.GGUF;
        }
        if (ModelTar.looksLikeTar(head)) {
            return Format.LLAMA_TAR;
        }
        throw new ModelFormatException(ModelFormatException.UNKNOWN,
                "the artifact is not a model we serve (a GMGP GPT export or a tar of a Llama safetensors directory)");
    }

    /**
     * Loads the artifact at {@code file} (already checked against {@code sha256}) as the served model {@code id};
     * a Llama archive unpacks into {@code workDir}.
     *
     * @throws ModelFormatException when the file is not a model we can serve
     */
    public static ServedModel load(String id, String sha256, Path file, Path workDir) {
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(ModelTar.BLOCK);
            }
            return switch (detect(head)) {
                case GPT_EXPORT -> new ServedModel.Chat(new GptChatModel(id, sha256, gpt(file)));
                case LLAMA_TAR -> new ServedModel.Chat(llama(id, sha256, file, workDir));
                case GGUF -> throw new ModelFormatException(ModelFormatException.UNSUPPORTED,
                        "GGUF is recognised but not served: Jlama 0.8.4 reads safetensors; upload the model directory as a tar");
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model artifact " + file, e);
        }
    }

    private static GptModel gpt(Path file) throws IOException {
        if (Files.size(file) > GptModel.MAX_FILE_BYTES) {
            throw new ModelFormatException(ModelFormatException.CORRUPT, "a GPT export larger than " + GptModel.MAX_FILE_BYTES + " bytes");
        }
        try {
            return GptModel.fromBytes(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(ModelFormatException.CORRUPT, "a broken GPT export: " + e.getMessage(), e);
        }
    }

    /** The archive unpacked into a directory of its own, which goes when the model is closed or fails to load. */
    private static LlamaChatModel llama(String id, String sha256, Path file, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "llama-");
        try {
            unpackLlama(file, dir);
            return LlamaChatModel.load(id, sha256, dir, () -> delete(dir));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover directory under the work directory is harmless; the next job unpacks into a fresh one.
        }
    }

    /** Unpacks the archive into {@code dir} and checks it is a Llama model before Jlama sees it. */
    private static void unpackLlama(Path file, Path dir) throws IOException {
        Set<String> names;
        try (InputStream in = Files.newInputStream(file)) {
            names = ModelTar.extract(new BufferedInputStream(in), dir, LLAMA_FILES, MAX_LLAMA_BYTES);
        }
        if (!names.containsAll(LLAMA_REQUIRED)) {
            throw new ModelFormatException(ModelFormatException.CORRUPT, "a Llama archive needs " + LLAMA_REQUIRED + ", found " + names);
        }
        for (String name : names) {
            if (name.endsWith(".json") && Files.size(dir.resolve(name)) > MAX_JSON_BYTES) {
                throw new ModelFormatException(ModelFormatException.CORRUPT, name + " is larger than " + MAX_JSON_BYTES + " bytes");
            }
        }
        JsonNode config;
        try {
            config = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("config.json")));
        } catch (RuntimeException e) {
            throw new ModelFormatException(ModelFormatException.CORRUPT, "config.json is not JSON: " + e.getMessage(), e);
        }
        String type = config.path("model_type").asString();
        if (!type.equals("llama")) {
            throw new ModelFormatException(ModelFormatException.UNSUPPORTED,
                    "model_type '" + type + "': only Llama-family models (model_type llama) are served through Jlama");
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
