package dev.gridmint.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.diloco.DataParallel;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Diloco;
import dev.gridmint.workloads.diloco.DilocoConfig;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.TrainingRun;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.worker.SessionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker JVMs against the round service on loopback: the result is the pure trainer's, bit for bit. It starts
 * JVMs, so it runs in the integration-test phase (the {@code slow} profile, which CI runs).
 */
class LoopbackTrainingIT {

    static final TrainingModel MODEL = TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow();
    static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);
    static final int K = 4;

    static TrainingService service;
    static TrainingServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startService() {
        service = new TrainingService(InstantSource.system(), Duration.ofMillis(20));
        server = TrainingServer.start(service, "127.0.0.1", 0);
    }

    @AfterAll
    static void stopService() {
        server.close();
        service.close();
    }

    static LoopbackTraining.Spec diloco(String id, int rounds, int h, int quorum, Map<Integer, String> cheats,
            Optional<LoopbackTraining.Dropout> dropout, long roundMillis) {
        return new LoopbackTraining.Spec(id, new SessionInfo(SessionInfo.Mode.DILOCO, MODEL.name(), 1, K, h,
                Encoding.INT8), MODEL, rounds, quorum, CHECK, roundMillis, 120_000, cheats, dropout);
    }

    @Test
    void fourWorkerJvmsReachThePureTrainersTheta() throws Exception {
        int rounds = 2;
        int h = 10;
        LoopbackTraining.Outcome outcome = new LoopbackTraining(service, server.url(), dir)
                .run(diloco("exact", rounds, h, 3, Map.of(), Optional.empty(), 60_000), r -> { });

        Diloco.Result pure = Diloco.train(MODEL.factory(), new DilocoConfig(1, K, rounds, h, Encoding.INT8,
                MODEL.inner(), 3, CHECK, List.of(), 1));
        assertThat(outcome.exitCodes()).containsOnly(0);
        assertThat(outcome.thetaHash()).isEqualTo(pure.run().finalThetaHash());
        assertThat(outcome.curve()).isEqualTo(pure.run().curve());
        assertThat(outcome.traffic().up()).isEqualTo(pure.run().traffic().up());
    }

    @Test
    void dataParallelWorkerJvmsReachThePureTrainersTheta() throws Exception {
        int steps = 20;
        LoopbackTraining.Outcome outcome = new LoopbackTraining(service, server.url(), dir).run(
                new LoopbackTraining.Spec("ddp", new SessionInfo(SessionInfo.Mode.DDP, MODEL.name(), 1, K, 10,
                        Encoding.FP32), MODEL, steps, K, CHECK, 60_000, 120_000, Map.of(), Optional.empty()),
                r -> { });

        TrainingRun pure = DataParallel.train(MODEL.factory(), 1, K, steps, MODEL.inner(), 10, 1);
        assertThat(outcome.exitCodes()).containsOnly(0);
        assertThat(outcome.thetaHash()).isEqualTo(pure.finalThetaHash());
        assertThat(outcome.curve()).isEqualTo(pure.curve());
        assertThat(outcome.traffic()).isEqualTo(pure.traffic());
    }
}
