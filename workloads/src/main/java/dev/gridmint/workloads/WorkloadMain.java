package dev.gridmint.workloads;

import dev.gridmint.workloads.names.NamesTrainer;
import dev.gridmint.workloads.names.TrainingConfig;
import dev.gridmint.workloads.names.TrainingProgress;
import dev.gridmint.workloads.names.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line entry point a provider agent runs in a child JVM:
 * {@code java -cp <classpath> dev.gridmint.workloads.WorkloadMain train-names --seed 7 --out DIR}, or
 * {@code train-gpt} (see {@link TrainGpt}), which adds {@code "checkpoint"} events.
 *
 * <p>Protocol: stdout carries only JSON objects, one per line — a {@code "progress"} event per
 * {@link TrainingProgress}, then one {@code "result"} event. Human-readable diagnostics go to stderr.
 * Exit status: {@value #EXIT_OK} on success, {@value #EXIT_FAILURE} if the run failed (for example the model
 * could not be written), {@value #EXIT_USAGE} for a bad command line.
 */
public final class WorkloadMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /** The artifact's file name inside {@code --out}. */
    public static final String MODEL_FILE = "model.bin";

    private static final String USAGE = """
            Usage: WorkloadMain <workload> [options]

            Workloads:
              train-names   train a character-level MLP language model on 4,951 first names
              train-gpt     train a small decoder-only transformer on the same names, with checkpoints
            %s
            Options for train-names:
              --seed N         random seed (default 0); equal seeds and options give byte-identical models
              --steps N        optimizer steps (default %d)
              --batch N        examples per step (default %d)
              --hidden N       hidden layer width (default %d)
              --lr X           peak AdamW learning rate, cosine-decayed (default %s)
              --eval-every N   report progress every N steps and at the last step (default %d)
              --out DIR        directory to write %s into (required; created if missing)
              --help           print this help

            %s
            Options also accept the form --name=value. stdout gets one JSON object per line:
            {"event":"progress",...} for each report, then {"event":"result",...}.
            Exit status: 0 success, 1 failure, 2 bad command line.
            """.formatted(WorkerCommand.USAGE, TrainingConfig.DEFAULT_STEPS, TrainingConfig.DEFAULT_BATCH_SIZE,
            TrainingConfig.DEFAULT_HIDDEN_SIZE, TrainingConfig.DEFAULT_LEARNING_RATE,
            TrainingConfig.DEFAULT_EVAL_EVERY, MODEL_FILE, TrainGpt.USAGE);

    private WorkloadMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the command line and returns the exit status; never calls {@link System#exit}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.print(USAGE);
            out.flush();
            return EXIT_OK;
        }
        if (!command.equals("train-names") && !command.equals(TrainGpt.NAME) && !command.equals(WorkerCommand.DILOCO)
                && !command.equals(WorkerCommand.DDP) && !command.equals(WorkerCommand.NETWORK)) {
            return usageError(err, "unknown workload '" + command + "'");
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE);
                out.flush();
                return EXIT_OK;
            }
        }
        if (command.equals(WorkerCommand.DILOCO) || command.equals(WorkerCommand.DDP)
                || command.equals(WorkerCommand.NETWORK)) {
            return WorkerCommand.run(command, args, out, err);
        }

        try {
            if (command.equals(TrainGpt.NAME)) {
                return TrainGpt.run(TrainGpt.Args.parse(args), out, err);
            }
            return trainNames(TrainNamesArgs.parse(args), out, err);
        } catch (UsageException e) {
            return usageError(err, e.getMessage());
        }
    }

    private static int trainNames(TrainNamesArgs args, PrintStream out, PrintStream err) {
        TrainingConfig config = args.config();
        Path modelFile = args.outDir().resolve(MODEL_FILE);
        err.printf(Locale.ROOT, "train-names: %s%n", config);
        long started = System.nanoTime(); // for the stderr diagnostic only; training never reads the clock
        TrainingResult result;
        try {
            Files.createDirectories(args.outDir());
            result = NamesTrainer.train(config, progress -> {
                out.println("{\"event\":\"progress\",\"step\":" + progress.step()
                        + ",\"total_steps\":" + progress.totalSteps()
                        + ",\"train_loss\":" + Json.number(progress.trainLoss())
                        + ",\"val_loss\":" + Json.number(progress.valLoss()) + "}");
                out.flush();
            });
            writeAtomically(modelFile, result.model());
        } catch (IOException e) {
            err.println("train-names: cannot write " + modelFile + ": " + e);
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            err.println("train-names: failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
        out.println("{\"event\":\"result\",\"model_sha256\":" + Json.string(result.modelSha256())
                + ",\"model_bytes\":" + result.model().length
                + ",\"artifact\":" + Json.string(modelFile.toString())
                + ",\"final_train_loss\":" + Json.number(result.finalTrainLoss())
                + ",\"final_val_loss\":" + Json.number(result.finalValLoss())
                + ",\"samples\":" + Json.stringArray(result.samples()) + "}");
        out.flush();
        err.printf(Locale.ROOT, "train-names: done in %.2f s, val loss %.4f, model %s%n",
                (System.nanoTime() - started) / 1e9, result.finalValLoss(), modelFile);
        return EXIT_OK;
    }

    /** Writes to a temporary sibling, then renames, so readers never see a half-written model. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int usageError(PrintStream err, String message) {
        err.println("error: " + message);
        err.println("Run with --help for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    /** The parsed {@code train-names} command line. */
    private record TrainNamesArgs(TrainingConfig config, Path outDir) {

        static TrainNamesArgs parse(String[] args) throws UsageException {
            TrainingConfig config = TrainingConfig.defaults(0);
            Path outDir = null;
            for (Map.Entry<String, String> option : CommandLine.options(args).entrySet()) {
                String name = option.getKey();
                String value = option.getValue();
                try {
                    switch (name) {
                        case "--seed" -> config = config.withSeed(CommandLine.parseLong(name, value));
                        case "--steps" -> config = config.withSteps(CommandLine.parseInt(name, value));
                        case "--batch" -> config = config.withBatchSize(CommandLine.parseInt(name, value));
                        case "--hidden" -> config = config.withHiddenSize(CommandLine.parseInt(name, value));
                        case "--lr" -> config = config.withLearningRate(CommandLine.parseDouble(name, value));
                        case "--eval-every" -> config = config.withEvalEvery(CommandLine.parseInt(name, value));
                        case "--out" -> outDir = CommandLine.parsePath(name, value);
                        default -> throw new UsageException("unknown option '" + name + "'");
                    }
                } catch (IllegalArgumentException e) {
                    throw new UsageException("invalid " + name + ": " + e.getMessage());
                }
            }
            if (outDir == null) {
                throw new UsageException("--out DIR is required");
            }
            return new TrainNamesArgs(config, outDir);
        }
    }
}
