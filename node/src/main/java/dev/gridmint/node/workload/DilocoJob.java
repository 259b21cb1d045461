package dev.gridmint.node.workload;

import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.models.TrainingModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@code diloco} job's training run, from the job's arguments: the coordinator opens the job's round
 * session from it, and the catalog checks it at submission. Arguments come in pairs:
 * {@code --diloco K --inner-steps H --rounds R --model names-mlp|gpt --seed S --encoding int8|fp32
 * --quorum Q --round-seconds T}, each optional.
 *
 * @param workers      K: data shards, and the workers round 0 waits for
 * @param quorum       the fewest accepted Δs that make a round count
 * @param roundSeconds how long members have to deliver a round (and round 0 waits for K workers)
 */
public record DilocoJob(int workers, int innerSteps, int rounds, String model, long seed, Encoding encoding, int quorum,
        long roundSeconds) {

    /** The workload's name in a job spec. */
    public static final String NAME = "diloco";
    /** H when the job does not say. */
    public static final int DEFAULT_H = 50;
    public static final Set<String> OPTIONS = Set.of("--diloco", "--inner-steps", "--rounds", "--model", "--seed",
            "--encoding", "--quorum", "--round-seconds");
    static final int MAX_WORKERS = 64;
    static final int MAX_INNER_STEPS = 10_000;
    static final int MAX_ROUNDS = 10_000;
    static final long MAX_ROUND_SECONDS = 86_400;

    public DilocoJob {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("--diloco takes 1.." + MAX_WORKERS + " workers");
        }
        if (innerSteps < 1 || innerSteps > MAX_INNER_STEPS || rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("--inner-steps takes 1.." + MAX_INNER_STEPS + " and --rounds 1.."
                    + MAX_ROUNDS);
        }
        if (TrainingModels.named(model).isEmpty()) {
            throw new IllegalArgumentException("--model must be one of " + TrainingModels.names());
        }
        if (quorum < 1 || quorum > workers) {
            throw new IllegalArgumentException("--quorum takes 1..K (" + workers + ")");
        }
        if (roundSeconds < 1 || roundSeconds > MAX_ROUND_SECONDS) {
            throw new IllegalArgumentException("--round-seconds takes 1.." + MAX_ROUND_SECONDS);
        }
    }

    /** Total inner steps each worker takes over the run. */
    public long totalSteps() {
        return (long) rounds * innerSteps;
    }

    /**
     * The run the arguments describe, with defaults K 1, H 50, R 10, names-mlp, seed 0, int8, quorum
     * ⌈K/2⌉ and 300 s rounds.
     *
     * @throws IllegalArgumentException with a message for the tenant when an argument is wrong
     */
    public static DilocoJob parse(List<String> args) {
        if (args.size() % 2 != 0) {
            throw new IllegalArgumentException("arguments come in --option value pairs");
        }
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!OPTIONS.contains(args.get(i))) {
                throw new IllegalArgumentException("option '" + args.get(i) + "' is not allowed for diloco; allowed: "
                        + new TreeSet<>(OPTIONS));
            }
            if (options.put(args.get(i), args.get(i + 1)) != null) {
                throw new IllegalArgumentException("option '" + args.get(i) + "' is given twice");
            }
        }
        int workers = (int) number(options, "--diloco", 1);
        Encoding encoding = switch (options.getOrDefault("--encoding", "int8")) {
            case "int8" -> Encoding.INT8;
            case "fp32" -> Encoding.FP32;
            default -> throw new IllegalArgumentException("--encoding must be int8 or fp32");
        };
        return new DilocoJob(workers, (int) number(options, "--inner-steps", DEFAULT_H), (int) number(options, "--rounds", 10),
                options.getOrDefault("--model", TrainingModels.NAMES_MLP), number(options, "--seed", 0), encoding,
                (int) number(options, "--quorum", (workers + 1) / 2), number(options, "--round-seconds", 300));
    }

    /** Why the arguments describe no run, or empty when they do. */
    public static Optional<String> problem(List<String> args) {
        try {
            parse(args);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static long number(Map<String, String> options, String name, long fallback) {
        String text = options.get(name);
        if (text == null) {
            return fallback;
        }
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("option '" + name + "' takes a whole number, got '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
