package dev.gridmint.cli.bench;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.node.training.LoopbackTraining;
import dev.gridmint.node.training.TrainingEvent;
import dev.gridmint.node.training.TrainingServer;
import dev.gridmint.node.training.TrainingService;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.LossPoint;
import dev.gridmint.workloads.diloco.SingleWorker;
import dev.gridmint.workloads.diloco.TrainingRun;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.worker.SessionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training on the network, measured: a round service on loopback and worker JVMs, running the single-worker
 * baseline (in this process), data-parallel training, DiLoCo in fp32 and int8, and DiLoCo int8 with one worker
 * SIGKILLed for a third of the rounds and then started again. Prints the validation losses, the bytes each
 * method moved and the goals of issue 8, and writes a PNG of the loss curves.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "DiLoCo against a single worker and data-parallel training, with worker JVMs on loopback.")
final class TrainBench implements Callable<Integer> {

    /** The Δ checks: an absolute norm cap and four times the round's median norm. */
    static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);

    @Option(names = "--steps", defaultValue = "600", description = "Optimizer steps per worker (default ${DEFAULT-VALUE}); a multiple of --inner-steps.")
    int steps;

    @Option(names = "--inner-steps", defaultValue = "50", description = "H: inner steps per DiLoCo round (default ${DEFAULT-VALUE}).")
    int innerSteps;

    @Option(names = "--workers", defaultValue = "4", description = "K: worker JVMs (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the model, the data and every run (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", defaultValue = TrainingModels.NAMES_MLP, description = "The model to train (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--out", defaultValue = "bench-train", description = "Directory for the chart, the worker keys and logs (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--round-timeout-ms", defaultValue = "10000",
            description = "How long a round waits for its members before closing with the quorum (default ${DEFAULT-VALUE}).")
    long roundMillis;

    @Option(names = "--json", description = "Print the figures as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TrainingModel trainingModel = TrainingModels.named(model)
                .orElseThrow(() -> new UserError("unknown --model '" + model + "'; known: " + TrainingModels.names()));
        if (workers < 2 || workers > 16 || innerSteps < 1 || steps < innerSteps || steps % innerSteps != 0
                || steps > 100_000 || roundMillis < 100) {
            throw new UserError("need 2 <= --workers <= 16, --steps a multiple of --inner-steps (at most 100000)"
                    + " and --round-timeout-ms >= 100");
        }
        int rounds = steps / innerSteps;
        Files.createDirectories(out);
        long started = System.nanoTime();
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, List<LossPoint>> curves = new LinkedHashMap<>();
        try (TrainingService service = new TrainingService(InstantSource.system(), Duration.ofMillis(20));
                TrainingServer server = TrainingServer.start(service, "127.0.0.1", 0);
                ProgressBar bar = onTerminal() ? new ProgressBar("Training", 5L * steps) : null) {
            LoopbackTraining harness = new LoopbackTraining(service, server.url(), out);
            TrainingRun single = SingleWorker.train(trainingModel.factory(), seed, steps, trainingModel.inner(),
                    innerSteps);
            step(bar, steps);
            curves.put("single worker", single.curve());
            LoopbackTraining.Outcome ddp = harness.run(spec("ddp", SessionInfo.Mode.DDP, Encoding.FP32, steps,
                    trainingModel, Optional.empty()), r -> step(bar, 1));
            curves.put("data-parallel", ddp.curve());
            LoopbackTraining.Outcome fp32 = harness.run(spec("diloco-fp32", SessionInfo.Mode.DILOCO, Encoding.FP32,
                    rounds, trainingModel, Optional.empty()), r -> step(bar, innerSteps));
            curves.put("DiLoCo fp32", fp32.curve());
            LoopbackTraining.Outcome int8 = harness.run(spec("diloco-int8", SessionInfo.Mode.DILOCO, Encoding.INT8,
                    rounds, trainingModel, Optional.empty()), r -> step(bar, innerSteps));
            curves.put("DiLoCo int8", int8.curve());
            long third = Math.max(1, rounds / 3);
            LoopbackTraining.Dropout dropout = new LoopbackTraining.Dropout(1, third, 2 * third);
            LoopbackTraining.Outcome dropped = harness.run(spec("diloco-dropout", SessionInfo.Mode.DILOCO,
                    Encoding.INT8, rounds, trainingModel, Optional.of(dropout)), r -> step(bar, innerSteps));
            curves.put("DiLoCo int8, worker killed", dropped.curve());
            double wall = (System.nanoTime() - started) / 1e9;
            figures(figures, single, ddp, fp32, int8, dropped, wall);
        }
        Path chart = out.resolve("bench-train.png");
        TrainChart.writePng(curves, chart);
        figures.put("chart", chart.toString());
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            figures.forEach((k, v) -> System.out.println(k + ": " + v));
        }
        return 0;
    }

    private LoopbackTraining.Spec spec(String name, SessionInfo.Mode mode, Encoding encoding, int rounds,
            TrainingModel trainingModel, Optional<LoopbackTraining.Dropout> dropout) {
        String session = name + "-" + Long.toUnsignedString(seed);
        return new LoopbackTraining.Spec(session, new SessionInfo(mode, trainingModel.name(), seed, workers,
                innerSteps, encoding), trainingModel, rounds, workers - 1, CHECK, roundMillis, 120_000, Map.of(),
                dropout);
    }

    private void figures(Map<String, Object> f, TrainingRun single, LoopbackTraining.Outcome ddp,
            LoopbackTraining.Outcome fp32, LoopbackTraining.Outcome int8, LoopbackTraining.Outcome dropped,
            double wall) {
        double comm = (double) ddp.traffic().total() / int8.traffic().total();
        f.put("model", model);
        f.put("workers", workers);
        f.put("steps", steps);
        f.put("inner_steps", innerSteps);
        f.put("seed", seed);
        f.put("val_loss_single", round4(single.finalValidationLoss()));
        f.put("val_loss_ddp", round4(ddp.finalValidationLoss()));
        f.put("val_loss_diloco", round4(fp32.finalValidationLoss()));
        f.put("val_loss_diloco_int8", round4(int8.finalValidationLoss()));
        f.put("val_loss_diloco_dropout", round4(dropped.finalValidationLoss()));
        f.put("bytes_diloco", int8.traffic().total());
        f.put("bytes_diloco_fp32", fp32.traffic().total());
        f.put("bytes_diloco_dropout", dropped.traffic().total());
        long rejoined = rejoinedIn(dropped, 1);
        f.put("dropout_rejoined_in_round", rejoined);
        f.put("dropout_rounds_missed", rejoined < 0 ? -1 : rounds(dropped).stream()
                .filter(r -> r.round() < rejoined && !r.accepted().contains(1)).count());
        f.put("bytes_ddp", ddp.traffic().total());
        f.put("comm_ratio", Math.round(comm * 10) / 10.0);
        f.put("wall_s", Math.round(wall * 10) / 10.0);
        f.put("final_theta_hash", int8.thetaHash());
        f.put("goal_diloco_beats_single", fp32.finalValidationLoss() < single.finalValidationLoss());
        f.put("goal_diloco_within_005_of_ddp", fp32.finalValidationLoss() - ddp.finalValidationLoss() <= 0.05);
        f.put("goal_int8_costs_under_001", int8.finalValidationLoss() - fp32.finalValidationLoss() < 0.01);
        f.put("goal_dropout_costs_under_002", dropped.finalValidationLoss() - int8.finalValidationLoss() < 0.02);
        f.put("goal_comm_ratio_at_least_150", comm >= 150);
        f.put("goal_under_10_minutes", wall < 600);
    }

    private static List<TrainingEvent.RoundClosed> rounds(LoopbackTraining.Outcome outcome) {
        return outcome.events().stream().filter(e -> e instanceof TrainingEvent.RoundClosed)
                .map(e -> (TrainingEvent.RoundClosed) e).toList();
    }

    /** The first round after its death in which worker {@code worker}'s Δ was accepted again; -1 if none. */
    private static long rejoinedIn(LoopbackTraining.Outcome outcome, int worker) {
        boolean missed = false;
        for (TrainingEvent.RoundClosed closed : rounds(outcome)) {
            missed |= !closed.accepted().contains(worker);
            if (missed && closed.accepted().contains(worker)) {
                return closed.round();
            }
        }
        return -1;
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    private static void step(ProgressBar bar, long by) {
        if (bar != null) {
            bar.stepBy(by);
        }
    }
}
