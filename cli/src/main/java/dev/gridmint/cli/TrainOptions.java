package dev.gridmint.cli;

import dev.gridmint.node.workload.DilocoJob;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code job submit --type train ...}: a training job named by flags rather than by a workload and its arguments.
 * With {@code --diloco K} it is a {@code diloco} job (K workers, one per gang node); without, a single-provider
 * {@code train-gpt} job that checkpoints and resumes elsewhere when its provider is lost.
 */
final class TrainOptions {

    static final String TRAIN = "train";

    @Option(names = "--type", paramLabel = "TYPE",
            description = "'train': a training job from the flags below instead of WORKLOAD -- ARGS (DiLoCo with --diloco K,"
                    + " else train-gpt on one provider).")
    String type;

    @Option(names = "--diloco", paramLabel = "K", description = "DiLoCo workers, one per node of a K-node gang (--type train).")
    Integer workers;

    @Option(names = "--inner-steps", paramLabel = "H", description = "Inner AdamW steps per DiLoCo round (--type train --diloco).")
    Integer innerSteps;

    @Option(names = "--rounds", paramLabel = "R", description = "DiLoCo outer rounds (--type train --diloco).")
    Integer rounds;

    @Option(names = "--model", paramLabel = "MODEL", description = "The DiLoCo model: names-mlp or gpt (--type train --diloco).")
    String model;

    @Option(names = "--encoding", paramLabel = "ENC", description = "How DiLoCo workers send their Δ: int8 or fp32 (--type train --diloco).")
    String encoding;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps of a train-gpt job (--type train without --diloco).")
    Integer steps;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between a train-gpt job's checkpoints (--type train).")
    Integer checkpointEvery;

    @Option(names = "--seed", paramLabel = "S", description = "The training seed (--type train).")
    Long seed;

    /** The workload and its arguments the flags name, or empty when {@code --type} is not given. */
    Optional<Job> job() {
        if (type == null) {
            if (workers != null || innerSteps != null || rounds != null || model != null || encoding != null || steps != null
                    || checkpointEvery != null || seed != null) {
                throw new UserError("the training flags (--diloco, --inner-steps, --rounds, --model, --encoding, --steps,"
                        + " --checkpoint-every, --seed) go with --type train");
            }
            return Optional.empty();
        }
        if (!TRAIN.equals(type)) {
            throw new UserError("--type takes 'train', not '" + type + "'");
        }
        return Optional.of(workers != null ? diloco() : trainGpt());
    }

    private Job diloco() {
        if (steps != null || checkpointEvery != null) {
            throw new UserError("--steps and --checkpoint-every are for a train-gpt job; a DiLoCo job trains --rounds × --inner-steps");
        }
        List<String> args = new ArrayList<>();
        add(args, "--diloco", workers);
        add(args, "--inner-steps", innerSteps);
        add(args, "--rounds", rounds);
        add(args, "--model", model);
        add(args, "--encoding", encoding);
        add(args, "--seed", seed);
        return new Job(DilocoJob.NAME, args);
    }

    private Job trainGpt() {
        if (innerSteps != null || rounds != null || model != null || encoding != null) {
            throw new UserError("--inner-steps, --rounds, --model and --encoding are DiLoCo's: add --diloco K");
        }
        List<String> args = new ArrayList<>();
        add(args, "--steps", steps);
        add(args, "--checkpoint-every", checkpointEvery);
        add(args, "--seed", seed);
        return new Job(WorkloadCatalog.TRAIN_GPT, args);
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }

    /** A workload and its arguments. */
    record Job(String workload, List<String> args) {
        Job {
            args = List.copyOf(args);
        }
    }
}
