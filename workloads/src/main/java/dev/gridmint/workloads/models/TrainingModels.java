package dev.gridmint.workloads.models;

import dev.gridmint.workloads.gpt.GptReplicaFactory;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.names.NamesReplicaFactory;
import dev.gridmint.workloads.optim.AdamW;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that maps a model name ({@code --model}) to its replicas, so the coordinator, the worker JVMs
 * and the bench build bit-identical models from a name. A new model (the transformer) adds one entry here.
 */
public final class TrainingModels {

    /** The char-level MLP on the bundled first names: context 3, embedding 8, hidden 64, batch 32. */
    public static final String NAMES_MLP = "names-mlp";
    /** The small decoder-only transformer ({@link GptReplicaFactory#small()}) on the same names. */
    public static final String GPT = "gpt";

    private static final List<String> NAMES = List.of(NAMES_MLP, GPT);

    private TrainingModels() {
    }

    /** The names {@link #named} knows, for help texts and errors. */
    public static List<String> names() {
        return NAMES;
    }

    /** The model called {@code name}, or empty if there is none. */
    public static Optional<TrainingModel> named(String name) {
        Supplier<TrainingModel> make = switch (name) {
            case NAMES_MLP -> () -> new TrainingModel(NAMES_MLP,
                    new NamesReplicaFactory(NamesDataset.bundled(), new NamesReplicaFactory.Shape(3, 8, 64, 32)),
                    AdamW.Settings.of(0.01, 0.01));
            case GPT -> () -> new TrainingModel(GPT, GptReplicaFactory.small(), AdamW.Settings.of(
                    GptTrainingConfig.DEFAULT_LEARNING_RATE, GptTrainingConfig.DEFAULT_WEIGHT_DECAY));
            default -> null;
        };
        return Optional.ofNullable(make).map(Supplier::get);
    }
}
