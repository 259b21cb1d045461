package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.checker.Checker;
import dev.gridmint.node.checker.CheckerConfig;
import dev.gridmint.node.checker.CheckerVerdict;
import dev.gridmint.node.training.Answer;
import dev.gridmint.node.training.DeltaEvidence;
import dev.gridmint.node.training.DilocoSession;
import dev.gridmint.node.training.TrainingServer;
import dev.gridmint.node.training.TrainingService;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.worker.SessionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rejected DiLoCo Δ becomes a ledger verdict: a round service (its own HTTP server, as in the bench)
 * rejects a worker's blown-up Δ; a staked checker watching the session reads the evidence, recomputes the
 * round from θ (the round was below quorum, so θ is still the round's), finds the Δ is not the honest one,
 * and its SPOT_CHECK 0 against the worker's provider key lands on the ledger.
 */
class DeltaVerdictAcceptanceTest {

    private static final long CHECKER_STAKE = 10_000 * GRID;
    private static final ChallengePolicy POLICY = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 0.05);
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);

    @TempDir
    Path dir;

    @Test
    void aBlownUpDeltaIsRecomputedByTheCheckerAndJudgedOnTheLedger() {
        try (var network = TestNetwork.builder().epochSeconds(60).fund("checker-1", 2 * CHECKER_STAKE).start(dir);
                var service = new TrainingService(InstantSource.system(), Duration.ofMillis(20));
                var server = TrainingServer.start(service, "127.0.0.1", 0)) {
            ProviderNode worker = network.provider("worker").start(1 * CC);
            SessionInfo info = new SessionInfo(SessionInfo.Mode.DILOCO, TrainingModels.NAMES_MLP, 1, 1, 2, Encoding.INT8);
            double[] theta = ParameterVector.roundToFloat(ParameterVector.values(TrainingModels.named(TrainingModels.NAMES_MLP)
                    .orElseThrow().factory().create(1, 0, 1).parameters()));
            var session = new DilocoSession(new DilocoSession.Settings("s", info, 2, 1, CHECK, 60_000, 60_000,
                    Map.of(0, worker.address())), theta, e -> { }, service.now());
            service.open(session);
            var work = (Answer.Work) session.checkin(0, 0, service.now());
            double[] huge = new double[theta.length];
            Arrays.fill(huge, 1e3);
            assertThat(session.upload(0, 0, DeltaMessage.of(0, 0, work.shard(), 160, Encoding.INT8, huge).toBytes(), service.now()))
                    .isEmpty();
            DeltaEvidence evidence = session.evidence().getFirst();
            assertThat(evidence.code()).isEqualTo("norm_above_cap");
            assertThat(session.thetaHash()).as("below quorum: θ is still the round's").isEqualTo(evidence.thetaHash());

            List<CheckerVerdict> verdicts = new ArrayList<>();
            Checker checker = Checker.open(new CheckerConfig(network.url(), TestNetwork.key("checker-1"), CHECKER_STAKE,
                    Duration.ofMinutes(15), 10, POLICY).withTrainingSessions(List.of(server.url() + "/v1/training/s")), verdicts::add);
            network.freezeTime();

            checker.audit();

            CheckerVerdict verdict = verdicts.stream().filter(v -> v.kind() == VerdictKind.SPOT_CHECK).findFirst().orElseThrow();
            assertThat(verdict.provider()).isEqualTo(worker.address());
            assertThat(verdict.score()).isZero();
            assertThat(verdict.reason()).isEqualTo("WRONG_DELTA");
            assertThat(verdict.accepted()).isTrue();
            assertThat(verdict.evidence()).isEqualTo(evidence.hash().hex());
            assertThat(network.client().verification().verdicts())
                    .anySatisfy(v -> {
                        assertThat(v.kind()).isEqualTo("SPOT_CHECK");
                        assertThat(v.provider()).isEqualTo(worker.address().toString());
                        assertThat(v.evidence()).isEqualTo(evidence.hash().hex());
                    });
            // Judged once: the next round has nothing new.
            verdicts.clear();
            checker.audit();
            assertThat(verdicts).noneMatch(v -> v.kind() == VerdictKind.SPOT_CHECK);
        }
    }
}
