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
    /** Training the names model at job start is quick up to this; a longer run belongs in a train-names job. */
    static final int MAX_STEPS = 5_000;

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

    /** Why an inference job with these arguments cannot serve, or empty when it can. */
    public static Optional<String> problem(List<String> args) {
        Map<String, String> options = options(args);
        String model = options.get("--model");
        if (model == null || !MODELS.containsKey(model)) {
            return Optional.of("serve-model needs --model, one of " + new java.util.TreeSet<>(models()));
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

    /** Loads the job's model; throws {@link IllegalArgumentException} for arguments {@link #problem} refuses. */
    public static ServedModel load(List<String> args) {
        problem(args).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Map<String, String> options = options(args);
        return MODELS.get(options.get("--model")).apply(options);
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
