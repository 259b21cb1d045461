package dev.gridmint.node.workload;

import dev.gridmint.node.inference.serve.ModelLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The built-in workloads and the options a tenant may pass to each. Providers run nothing else,
 * so a tenant's arguments cannot reach anything on a provider's machine; the coordinator checks
 * the same list when a job is submitted, so a job no provider would run is refused at once
 * instead of failing on every provider in turn.
 */
public final class WorkloadCatalog {

    /** A container job: the provider runs the named image in its container engine (see docs/provider.md). */
    public static final String CONTAINER = "container";

    /** The small transformer, checkpointed to the coordinator and resumed elsewhere when its provider is lost (docs/training.md). */
    public static final String TRAIN_GPT = "train-gpt";

    /** A DiLoCo training job: its workers train through the coordinator's round service (docs/training.md). */
    public static final String DILOCO = DilocoJob.NAME;

    /**
     * The options of {@link #TRAIN_GPT} that fix a run: a resumed run takes them from its checkpoint,
     * and a checkpoint whose settings differ from the job's is not the job's.
     */
    public static final Set<String> TRAIN_GPT_SETTINGS = Set.of("--seed", "--steps", "--batch", "--lr", "--eval-every");

    /** The training workloads, whose options are all numbers. */
    private static final Set<String> TRAINERS = Set.of("train-names", TRAIN_GPT);

    private static final Map<String, SortedSet<String>> OPTIONS = Map.of(
            "train-names", new TreeSet<>(Set.of("--seed", "--steps", "--batch", "--hidden", "--lr", "--eval-every")),
            // --checkpoint-dir, --resume and --out are the agent's to set, never the tenant's.
            TRAIN_GPT, new TreeSet<>(union(TRAIN_GPT_SETTINGS, Set.of("--checkpoint-every"))),
            CONTAINER, new TreeSet<>(Set.of("--image", "--command", "--cpu-millis", "--memory-mb", "--pids", "--shm-mb",
                    "--user", "--read-only", "--port", "--env", "--gpus", "--image-archive",
                    "--disk-mb", "--sealed-secret")),
            DILOCO, new TreeSet<>(DilocoJob.OPTIONS),
            // an inference job: the model it serves (docs/inference.md)
            ModelLoader.WORKLOAD, new TreeSet<>(ModelLoader.OPTIONS));

    private WorkloadCatalog() {}

    public static SortedSet<String> workloads() {
        return new TreeSet<>(OPTIONS.keySet());
    }

    /** Whether the workload is one of the pure-Java ones that run as a child JVM (not a container). */
    public static boolean builtIn(String workload) {
        return OPTIONS.containsKey(workload) && !workload.equals(CONTAINER);
    }

    /** Why this workload and these arguments may not run, or empty when they may. */
    public static Optional<String> problem(String workload, List<String> args) {
        SortedSet<String> allowed = OPTIONS.get(workload);
        if (allowed == null) {
            return Optional.of("unknown workload '" + workload + "'; the network runs " + workloads());
        }
        if (args.size() % 2 != 0) {
            return Optional.of("arguments come in --option value pairs");
        }
        for (int i = 0; i < args.size(); i += 2) {
            String value = args.get(i + 1);
            if (!allowed.contains(args.get(i))) {
                return Optional.of("option '" + args.get(i) + "' is not allowed for " + workload + "; allowed: " + allowed);
            }
            if (value.startsWith("-") && !isNumber(value)) {
                return Optional.of("option '" + args.get(i) + "' needs a value, got '" + value + "'");
            }
            // Every option of a trainer is a number; anything else would only fail later, on a provider.
            if (TRAINERS.contains(workload) && !isNumber(value)) {
                return Optional.of("option '" + args.get(i) + "' of " + workload + " takes a number, got '" + value + "'");
            }
        }
        return switch (workload) {
            case ModelLoader.WORKLOAD -> ModelLoader.problem(args);
            case DILOCO -> DilocoJob.problem(args);
            default -> Optional.empty();
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
