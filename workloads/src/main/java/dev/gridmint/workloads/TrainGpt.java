package dev.gridmint.workloads;

import dev.gridmint.workloads.checkpoint.CheckpointException;
import dev.gridmint.workloads.checkpoint.CheckpointStore;
import dev.gridmint.workloads.gpt.CharCorpus;
import dev.gridmint.workloads.gpt.GptConfig;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.gpt.GptProgress;
import dev.gridmint.workloads.gpt.GptTrainer;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.workloads.gpt.GptTrainingState;
import dev.gridmint.workloads.names.NamesDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code train-gpt} workload: trains a {@link dev.gridmint.workloads.gpt.Gpt} from scratch or from a
 * checkpoint, writes a content-addressed checkpoint every N steps, and exports the model. stdout carries
 * {@code progress} events, a {@code checkpoint} event per checkpoint written, then one {@code result} event.
 */
final class TrainGpt {

    static final String NAME = "train-gpt";
    /** How many sample names the result carries. */
    static final int SAMPLE_COUNT = 10;

    static final String USAGE = """
            Options for train-gpt (about 61k parameters: width %d, %d blocks of %d heads, context %d):
              --seed N               random seed (default 0); equal options give byte-identical models
              --steps N              optimizer steps (default %d)
              --batch N              windows of %d characters per step (default %d)
              --lr X                 peak AdamW learning rate; warm-up, then cosine decay (default %s)
              --eval-every N         report progress every N steps and at the last step (default %d)
              --checkpoint-every N   write a checkpoint every N steps (default 0: none); needs --checkpoint-dir
              --checkpoint-dir DIR   the checkpoint store (DIR/blobs, DIR/manifests; created if missing)
              --resume MANIFEST      continue from DIR/manifests/<sha256>; the run's settings come from it,
                                     so --seed, --steps, --batch, --lr and --eval-every are not allowed
              --out DIR              directory to write %s into (required; created if missing)
            A checkpoint writes {"event":"checkpoint","step":N,"manifest_sha256":...,"manifest":PATH}.
            """.formatted(GptConfig.small(2).dim(), GptConfig.small(2).layers(),
            GptConfig.small(2).heads(), GptConfig.small(2).contextLength(), GptTrainingConfig.DEFAULT_STEPS,
            GptConfig.small(2).contextLength(), GptTrainingConfig.DEFAULT_BATCH_SIZE,
            GptTrainingConfig.DEFAULT_LEARNING_RATE, GptTrainingConfig.DEFAULT_EVAL_EVERY, WorkloadMain.MODEL_FILE);

    private static final Set<String> SETTINGS = Set.of("--seed", "--steps", "--batch", "--lr", "--eval-every");

    private TrainGpt() {
    }

    /** The parsed command line: a fresh config or a checkpoint to resume, and where to write. */
    record Args(Optional<GptTrainingConfig> config, Optional<Path> resume, int checkpointEvery,
            Optional<Path> checkpointDir, Path outDir) {

        static Args parse(String[] args) throws UsageException {
            Map<String, String> options = CommandLine.options(args);
            GptTrainingConfig config = GptTrainingConfig.defaults(0, NamesDataset.bundled().vocabulary().size());
            Path resume = null;
            Path checkpointDir = null;
            Path outDir = null;
            int checkpointEvery = 0;
            for (Map.Entry<String, String> option : options.entrySet()) {
                String name = option.getKey();
                String value = option.getValue();
                try {
                    switch (name) {
                        case "--seed" -> config = config.withSeed(CommandLine.parseLong(name, value));
                        case "--steps" -> config = config.withSteps(CommandLine.parseInt(name, value));
                        case "--batch" -> config = config.withBatchSize(CommandLine.parseInt(name, value));
                        case "--lr" -> config = config.withLearningRate(CommandLine.parseDouble(name, value));
                        case "--eval-every" -> config = config.withEvalEvery(CommandLine.parseInt(name, value));
                        case "--checkpoint-every" -> checkpointEvery = CommandLine.parseInt(name, value);
                        case "--checkpoint-dir" -> checkpointDir = CommandLine.parsePath(name, value);
                        case "--resume" -> resume = CommandLine.parsePath(name, value);
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
            if (checkpointEvery < 0) {
                throw new UsageException("--checkpoint-every must be >= 0, got " + checkpointEvery);
            }
            if (checkpointEvery > 0 && checkpointDir == null) {
                throw new UsageException("--checkpoint-every needs --checkpoint-dir DIR");
            }
            if (resume != null) {
                for (String setting : SETTINGS) {
                    if (options.containsKey(setting)) {
                        throw new UsageException(setting + " cannot be combined with --resume: the checkpoint fixes it");
                    }
                }
            }
            return new Args(resume == null ? Optional.of(config) : Optional.empty(), Optional.ofNullable(resume),
                    checkpointEvery, Optional.ofNullable(checkpointDir), outDir);
        }
    }

    static int run(Args args, PrintStream out, PrintStream err) {
        Path modelFile = args.outDir().resolve(WorkloadMain.MODEL_FILE);
        long started = System.nanoTime(); // for the stderr diagnostic only; training never reads the clock
        try {
            GptTrainingState start = start(args);
            err.printf(Locale.ROOT, "%s: %s from step %d%n", NAME, start.config(), start.step());
            Files.createDirectories(args.outDir());
            Optional<CheckpointStore> store = args.checkpointDir().map(CheckpointStore::new);
            GptProgress[] last = {new GptProgress(start.step(), start.config().steps(), Double.NaN, Double.NaN)};
            GptTrainingState end = GptTrainer.train(start, args.checkpointEvery(), new GptTrainer.Listener() {
                @Override
                public void progress(GptProgress p) {
                    last[0] = p;
                    out.println("{\"event\":\"progress\",\"step\":" + p.step() + ",\"total_steps\":" + p.totalSteps()
                            + ",\"train_loss\":" + Json.number(p.trainLoss())
                            + ",\"val_loss\":" + Json.number(p.valLoss()) + "}");
                    out.flush();
                }

                @Override
                public void checkpoint(GptTrainingState state) {
                    writeCheckpoint(store.orElseThrow(), state, out);
                }
            });
            GptModel model = end.model();
            byte[] bytes = model.toBytes();
            WorkloadMain.writeAtomically(modelFile, bytes);
            List<String> samples = samples(model, end.config().seed());
            out.println("{\"event\":\"result\",\"model_sha256\":" + Json.string(GptModel.sha256Hex(bytes))
                    + ",\"params_sha256\":" + Json.string(model.parametersSha256())
                    + ",\"model_bytes\":" + bytes.length
                    + ",\"artifact\":" + Json.string(modelFile.toString())
                    + ",\"steps\":" + end.step()
                    + ",\"final_train_loss\":" + Json.number(last[0].trainLoss())
                    + ",\"final_val_loss\":" + Json.number(last[0].valLoss())
                    + ",\"samples\":" + Json.stringArray(samples) + "}");
            out.flush();
            err.printf(Locale.ROOT, "%s: done in %.2f s, model %s%n", NAME, (System.nanoTime() - started) / 1e9,
                    modelFile);
            return WorkloadMain.EXIT_OK;
        } catch (CheckpointException e) {
            err.println(NAME + ": " + e.getMessage());
            return WorkloadMain.EXIT_FAILURE;
        } catch (CheckpointFailed e) {
            err.println(NAME + ": " + e.getCause().getMessage());
            return WorkloadMain.EXIT_FAILURE;
        } catch (IOException | UncheckedIOException e) {
            err.println(NAME + ": cannot write " + args.outDir() + ": " + e);
            return WorkloadMain.EXIT_FAILURE;
        } catch (RuntimeException e) {
            err.println(NAME + ": failed: " + e);
            e.printStackTrace(err);
            return WorkloadMain.EXIT_FAILURE;
        }
    }

    private static GptTrainingState start(Args args) throws CheckpointException {
        if (args.resume().isPresent()) {
            CheckpointStore.Located located = CheckpointStore.locate(args.resume().get());
            return located.store().read(located.id());
        }
        GptTrainingConfig config = args.config().orElseThrow();
        return GptTrainingState.initial(config, CharCorpus.bundled(config.model().contextLength(), 0, 1));
    }

    private static void writeCheckpoint(CheckpointStore store, GptTrainingState state, PrintStream out) {
        try {
            String id = store.write(state);
            out.println("{\"event\":\"checkpoint\",\"step\":" + state.step()
                    + ",\"manifest_sha256\":" + Json.string(id)
                    + ",\"manifest\":" + Json.string(store.manifestPath(id).toString()) + "}");
            out.flush();
        } catch (CheckpointException e) {
            throw new CheckpointFailed(e);
        }
    }

    /** Carries a checkpoint write failure out of the training callback. */
    private static final class CheckpointFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckpointFailed(CheckpointException cause) {
            super(cause);
        }
    }

    /** Up to {@link #SAMPLE_COUNT} names sampled at temperature 1, seeded by the run's seed. */
    private static List<String> samples(GptModel model, long seed) {
        String text = model.generate("", 40 * SAMPLE_COUNT, 1.0, seed);
        return Arrays.stream(text.split("\n")).filter(s -> !s.isEmpty()).limit(SAMPLE_COUNT).toList();
    }
}
