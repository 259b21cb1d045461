package dev.gridmint.workloads;

import dev.gridmint.workloads.names.NamesTrainer;
import dev.gridmint.workloads.names.TrainingConfig;
import dev.gridmint.workloads.names.TrainingProgress;
import dev.gridmint.workloads.names.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command-line entry point a provider agent runs in a child JVM:
 * {@code java -cp <classpath> dev.gridmint.workloads.WorkloadMain train-names --seed 7 --out DIR}.
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

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private static final String USAGE = """
            Usage: WorkloadMain <workload> [options]

            Workloads:
              train-names   train a character-level MLP language model on 4,951 first names
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

            Options also accept the form --name=value. stdout gets one JSON object per line:
            {"event":"progress",...} for each report, then {"event":"result",...}.
            Exit status: 0 success, 1 failure, 2 bad command line.
            """.formatted(WorkerCommand.USAGE, TrainingConfig.DEFAULT_STEPS, TrainingConfig.DEFAULT_BATCH_SIZE,
            TrainingConfig.DEFAULT_HIDDEN_SIZE, TrainingConfig.DEFAULT_LEARNING_RATE,
            TrainingConfig.DEFAULT_EVAL_EVERY, MODEL_FILE);

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
        if (!command.equals("train-names") && !command.equals(WorkerCommand.DILOCO)
                && !command.equals(WorkerCommand.DDP)) {
            return usageError(err, "unknown workload '" + command + "'");
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.print(USAGE);
                out.flush();
                return EXIT_OK;
            }
        }
        if (!command.equals("train-names")) {
            return WorkerCommand.run(command, args, out, err);
        }

        TrainNamesArgs parsed;
        try {
            parsed = TrainNamesArgs.parse(args);
        } catch (UsageException e) {
            return usageError(err, e.getMessage());
        }
        return trainNames(parsed, out, err);
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
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
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

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed {@code train-names} command line. */
    private record TrainNamesArgs(TrainingConfig config, Path outDir) {

        static TrainNamesArgs parse(String[] args) throws UsageException {
            TrainingConfig config = TrainingConfig.defaults(0);
            Path outDir = null;
            Set<String> seen = new HashSet<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                String name;
                String value;
                int eq = arg.indexOf('=');
                if (eq >= 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else {
                    name = arg;
                    if (i + 1 >= args.length) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (!seen.add(name)) {
                    throw new UsageException("option " + name + " given twice");
                }
                try {
                    switch (name) {
                        case "--seed" -> config = config.withSeed(parseLong(name, value));
                        case "--steps" -> config = config.withSteps(parseInt(name, value));
                        case "--batch" -> config = config.withBatchSize(parseInt(name, value));
                        case "--hidden" -> config = config.withHiddenSize(parseInt(name, value));
                        case "--lr" -> config = config.withLearningRate(parseDouble(name, value));
                        case "--eval-every" -> config = config.withEvalEvery(parseInt(name, value));
                        case "--out" -> outDir = parsePath(value);
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

        private static long parseLong(String name, String value) throws UsageException {
            if (!INTEGER.matcher(value).matches()) {
                throw new UsageException(name + " expects an integer, got '" + value + "'");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " is out of range: '" + value + "'");
            }
        }

        private static int parseInt(String name, String value) throws UsageException {
            if (!INTEGER.matcher(value).matches()) {
                throw new UsageException(name + " expects an integer, got '" + value + "'");
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " is out of range: '" + value + "'");
            }
        }

        private static double parseDouble(String name, String value) throws UsageException {
            if (!DECIMAL.matcher(value).matches()) {
                throw new UsageException(name + " expects a decimal number, got '" + value + "'");
            }
            return Double.parseDouble(value);
        }

        private static Path parsePath(String value) throws UsageException {
            if (value.isEmpty()) {
                throw new UsageException("--out expects a directory, got an empty string");
            }
            try {
                return Path.of(value).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new UsageException("--out is not a valid path: " + e.getMessage());
            }
        }
    }
}
