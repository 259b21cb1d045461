package dev.gridmint.node.inference.serve;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.NamesTrainer;
import dev.gridmint.workloads.names.TrainingConfig;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models an inference job may name and how each is loaded. A built-in model ({@code serve-model
 * --model ID}): the names model is the one a {@code train-names} job with the same seed and steps produces,
 * byte for byte, so every provider serves the same weights (same SHA-256) without a download. A model
 * artifact ({@code serve-model --model-artifact sha256:HEX [--name NAME]}): the provider fetches the file
 * from the coordinator's artifact store, hash-checked, and {@link ModelArtifacts} detects its format; it is
 * served as {@code NAME-<first 12 hex digits>}, a name that the gateway can route by from the job's
 * arguments alone and that changes whenever the weights do.
 */
public final class ModelLoader {

    /** The workload name of an inference job. */
    public static final String WORKLOAD = "serve-model";
    public static final Set<String> OPTIONS = Set.of("--model", "--seed", "--steps", "--model-artifact", "--name");
    /** The name an artifact model is served under when the job gives none. */
    public static final String DEFAULT_ARTIFACT_NAME = "model";
    private static final Pattern ARTIFACT = Pattern.compile("sha256:([0-9a-f]{64})");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,39}");
    static final int DEFAULT_STEPS = 300;
    /** Training the names model at job start is quick up to this; a longer run belongs in a train-names job. */
    static final int MAX_STEPS = 5_000;

    private static final Map<String, Function<Map<String, String>, ServedModel>> MODELS = Map.of(
            NamesChatModel.ID, ModelLoader::names,
            MiniLmEmbeddingModel.ID, args -> new ServedModel.Embedding(new MiniLmEmbeddingModel()));

    /** What a served model answers: chat and text completions, or embeddings. */
    public enum Kind {
        CHAT, EMBEDDING;

        /** As the API writes it. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Map<String, Kind> BUILT_IN_KINDS = Map.of(NamesChatModel.ID, Kind.CHAT, MiniLmEmbeddingModel.ID, Kind.EMBEDDING);

    private ModelLoader() {}

    public static Set<String> models() {
        return MODELS.keySet();
    }

    /** The kind of a served model's name: a built-in one's own, and chat for an artifact (a GPT export or a Llama). */
    public static Kind kindOf(String model) {
        return BUILT_IN_KINDS.getOrDefault(model, Kind.CHAT);
    }

    /** Fetches an artifact by its SHA-256 (lowercase hex) to a local file, hash-checked; throws when it cannot. */
    @FunctionalInterface
    public interface ArtifactSource {
        Path fetch(String sha256) throws IOException;
    }

    /** The model an inference job's arguments name, if it is one we serve. */
    public static Optional<String> modelOf(List<String> args) {
        Map<String, String> options = options(args);
        Optional<String> artifact = artifactOf(options);
        if (artifact.isPresent()) {
            String name = options.getOrDefault("--name", DEFAULT_ARTIFACT_NAME);
            return NAME.matcher(name).matches() ? artifact.map(hex -> name + "-" + hex.substring(0, 12)) : Optional.empty();
        }
        return Optional.ofNullable(options.get("--model")).filter(MODELS::containsKey);
    }

    /** Why an inference job with these arguments cannot serve, or empty when it can. */
    public static Optional<String> problem(List<String> args) {
        Map<String, String> options = options(args);
        if (options.containsKey("--model-artifact")) {
            return artifactProblem(options);
        }
        if (options.containsKey("--name")) {
            return Optional.of("--name names a --model-artifact");
        }
        String model = options.get("--model");
        if (model == null || !MODELS.containsKey(model)) {
            return Optional.of("serve-model needs --model, one of " + new java.util.TreeSet<>(models())
                    + ", or --model-artifact sha256:HEX");
        }
        try {
            Long.parseLong(options.getOrDefault("--seed", "0"));
            int steps = Integer.parseInt(options.getOrDefault("--steps", Integer.toString(DEFAULT_STEPS)));
            if (steps < 1 || steps > MAX_STEPS) {
                return Optional.of("--steps is 1.." + MAX_STEPS);
            }
        } catch (NumberFormatException e) {
            return Optional.of("--seed and --steps are integers");
        }
        return Optional.empty();
    }

    /** Loads a built-in model; throws {@link IllegalArgumentException} for arguments {@link #problem} refuses. */
    public static ServedModel load(List<String> args) {
        return load(args, sha256 -> {
            throw new IOException("this process has no artifact store to fetch " + sha256 + " from");
        }, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Loads the job's model, fetching a model artifact from {@code source} (a Llama archive unpacks under
     * {@code workDir}); throws {@link IllegalArgumentException} for arguments {@link #problem} refuses and
     * {@link ModelFormatException} for an artifact that cannot be had or served.
     */
    public static ServedModel load(List<String> args, ArtifactSource source, Path workDir) {
        problem(args).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Map<String, String> options = options(args);
        Optional<String> artifact = artifactOf(options);
        if (artifact.isEmpty()) {
            return MODELS.get(options.get("--model")).apply(options);
        }
        String sha256 = artifact.get();
        Path file;
        try {
            file = source.fetch(sha256);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(ModelFormatException.UNAVAILABLE, "the model artifact " + sha256 + " could not be fetched: "
                    + e.getMessage(), e);
        }
        return ModelArtifacts.load(modelOf(args).orElseThrow(), sha256, file, workDir);
    }

    private static Optional<String> artifactProblem(Map<String, String> options) {
        if (options.containsKey("--model") || options.containsKey("--seed") || options.containsKey("--steps")) {
            return Optional.of("--model-artifact serves a model file as it is: no --model, --seed or --steps");
        }
        if (artifactOf(options).isEmpty()) {
            return Optional.of("--model-artifact is sha256:<64 lowercase hex digits>, the artifact's hash");
        }
        if (!NAME.matcher(options.getOrDefault("--name", DEFAULT_ARTIFACT_NAME)).matches()) {
            return Optional.of("--name is 1..40 of a-z, 0-9, '.' and '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    private static Optional<String> artifactOf(Map<String, String> options) {
        return Optional.ofNullable(options.get("--model-artifact")).map(ARTIFACT::matcher).filter(Matcher::matches)
                .map(m -> m.group(1));
    }

    private static ServedModel names(Map<String, String> options) {
        TrainingConfig config = TrainingConfig.defaults(Long.parseLong(options.getOrDefault("--seed", "7")))
                .withSteps(Integer.parseInt(options.getOrDefault("--steps", Integer.toString(DEFAULT_STEPS))));
        byte[] weights = NamesTrainer.train(config, progress -> { }).model();
        return new ServedModel.Chat(new NamesChatModel(NamesModel.fromBytes(weights)));
    }

    private static Map<String, String> options(List<String> args) {
        var options = new java.util.HashMap<String, String>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        return options;
    }
}
