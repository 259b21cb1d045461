package dev.gridmint.node.inference.serve;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.NamesTrainer;
import dev.gridmint.workloads.names.TrainingConfig;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The models an inference job may name ({@code serve-model --model ID}) and how each is loaded. The
 * names model is the one a {@code train-names} job with the same seed and steps produces, byte for
 * byte, so every provider serves the same weights (same SHA-256) without a download.
 */
public final class ModelLoader {

    /** The workload name of an inference job. */
    public static final String WORKLOAD = "serve-model";
    public static final Set<String> OPTIONS = Set.of("--model", "--seed", "--steps");
    static final int DEFAULT_STEPS = 300;

    private static final Map<String, Function<Map<String, String>, ServedModel>> MODELS = Map.of(
            NamesChatModel.ID, ModelLoader::names,
            MiniLmEmbeddingModel.ID, args -> new ServedModel.Embedding(new MiniLmEmbeddingModel()));

    private ModelLoader() {}

    public static Set<String> models() {
        return MODELS.keySet();
    }

    /** The model an inference job's arguments name, if it is one we serve. */
    public static Optional<String> modelOf(List<String> args) {
        return Optional.ofNullable(options(args).get("--model")).filter(MODELS::containsKey);
    }

    /** Loads the job's model; throws {@link IllegalArgumentException} for arguments that name none. */
    public static ServedModel load(List<String> args) {
        Map<String, String> options = options(args);
        var loader = MODELS.get(options.get("--model"));
        if (loader == null) {
            throw new IllegalArgumentException("--model must be one of " + models());
        }
        return loader.apply(options);
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
