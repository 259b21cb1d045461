package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.acceptance.dsl.EventTap;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.workloads.diloco.AggregatorState;
import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Diloco;
import dev.gridmint.workloads.diloco.DilocoConfig;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A {@code diloco} job with K = 1 on a real provider agent: the agent starts a worker JVM, which joins the job's
 * session on the coordinator's mounted round service by the provider's key, trains the rounds, and exports the
 * final θ; the job's ledger result is that model's hash, the tenant downloads it, and it is bit for bit the θ
 * of the same run in one process. The rounds were on the event stream and in the job's log.
 */
class DilocoJobAcceptanceTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ROUNDS = 3;
    private static final int H = 5;
    private static final List<String> ARGS = List.of("--diloco", "1", "--inner-steps", Integer.toString(H),
            "--rounds", Integer.toString(ROUNDS), "--model", "names-mlp", "--seed", "3", "--encoding", "int8");

    @TempDir
    Path dir;

    @Test
    void aDilocoJobRunsOnAProviderThroughTheMountedServiceAndExportsItsModel() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net")); EventTap events = network.events()) {
            ProviderNode provider = network.provider("p-train").start(1 * CC);
            JobHandle job = network.tenant("alice").submits(new JobSpec("diloco", ARGS, 1, Tenant.DEFAULT_MAX_SECONDS,
                    Tenant.DEFAULT_MAX_PRICE));

            List<EventTap.Event> rounds = events.until("training", data -> isRound(job, ROUNDS - 1, data), WAIT);
            JobView settled = job.awaitStatus("SETTLED", WAIT);

            TrainingModel model = TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow();
            Diloco.Result pure = Diloco.train(model.factory(), new DilocoConfig(3, 1, ROUNDS, H, Encoding.INT8,
                    model.inner(), 1, new DeltaCheck(1_000.0, 4.0, 1_000_000), List.of(), 1));
            String finalTheta = pure.run().finalThetaHash();

            // every round closed with the provider's worker as its only member, and the last one holds the final θ
            List<JsonNode> closed = rounds.stream().filter(e -> e.name().equals("training"))
                    .map(e -> Json.MAPPER.readTree(e.data())).filter(e -> e.path("jobId").asString().equals(job.id().hex()))
                    .toList();
            assertThat(closed).extracting(e -> e.path("round").asLong()).containsExactly(0L, 1L, 2L);
            assertThat(closed).allSatisfy(e -> {
                assertThat(e.path("applied").asBoolean()).isTrue();
                assertThat(e.path("accepted").toString()).isEqualTo("[0]");
            });
            assertThat(closed.getLast().path("theta").asString()).isEqualTo(finalTheta);

            // the job's result is the exported model, downloadable by the tenant, and it holds the final θ
            assertThat(settled.lease().provider()).isEqualTo(provider.address().toString());
            ArtifactView artifact = network.client().jobArtifacts(job.id()).stream().filter(ArtifactView::ledgerResult)
                    .findFirst().orElseThrow();
            Path downloaded = dir.resolve("model.bin");
            network.client().downloadArtifact(Hash.parse(artifact.sha256()), downloaded, Artifacts.Progress.NONE);
            assertThat(Artifacts.sha256Of(downloaded).hex()).isEqualTo(settled.resultHash());
            Parsed<Broadcast> exported = Broadcast.parse(Files.readAllBytes(downloaded));
            assertThat(exported).isInstanceOf(Parsed.Ok.class);
            Broadcast theta = ((Parsed.Ok<Broadcast>) exported).value();
            assertThat(theta.kind()).isEqualTo(Broadcast.Kind.THETA);
            assertThat(ParameterVector.sha256(theta.values())).isEqualTo(finalTheta);

            // the worker's rounds are in the job's log, and its progress reached the job's telemetry
            String log = String.join("\n", network.client().jobLogs(job.id(), 0, 1_000).lines().stream()
                    .map(LogLine::text).toList());
            assertThat(log).contains("joining the job's DiLoCo session").contains("\"event\":\"round\",\"round\":2");
            assertThat(settled.telemetry().curve()).isNotEmpty();
        }
    }

    /**
     * The coordinator stops after round 1 and starts again: the job's run resumes from the state saved at its last
     * round boundary (not at round 0), the worker rejoins on its own, and the model is still bit for bit the θ of
     * an uninterrupted run.
     */
    @Test
    void aDilocoRunSurvivesACoordinatorRestartAtItsLastRoundBoundary() throws Exception {
        int rounds = 8;
        int h = 150;
        List<String> args = List.of("--diloco", "1", "--inner-steps", Integer.toString(h), "--rounds",
                Integer.toString(rounds), "--seed", "4");
        try (var network = TestNetwork.start(dir.resolve("net"))) {
            network.provider("p-train").start(1 * CC);
            JobHandle job = network.tenant("alice").submits(new JobSpec("diloco", args, 1, Tenant.DEFAULT_MAX_SECONDS,
                    Tenant.DEFAULT_MAX_PRICE));
            try (EventTap events = network.events()) {
                events.until("training", data -> isRound(job, 1, data), WAIT);
            }
            network.stopCoordinator();
            Path state = network.coordinatorDir().resolve("training").resolve(job.id().hex()).resolve("state");
            long savedAt = AggregatorState.parse(Files.readAllBytes(state), PARAMETERS, 1) instanceof Parsed.Ok<AggregatorState> ok
                    ? ok.value().nextRound() : -1;
            assertThat(savedAt).isBetween(2L, (long) rounds - 1);
            network.startCoordinator();

            try (EventTap events = network.events()) {
                List<EventTap.Event> after = events.until("training", data -> isRound(job, rounds - 1, data), WAIT);
                // the restarted coordinator's first round is the one after the saved boundary
                long firstAfter = after.stream().filter(e -> e.name().equals("training"))
                        .map(e -> Json.MAPPER.readTree(e.data())).filter(e -> e.path("jobId").asString().equals(job.id().hex()))
                        .mapToLong(e -> e.path("round").asLong()).min().orElseThrow();
                assertThat(firstAfter).isEqualTo(savedAt);
            }
            JobView settled = job.awaitStatus("SETTLED", WAIT);

            TrainingModel model = TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow();
            Diloco.Result pure = Diloco.train(model.factory(), new DilocoConfig(4, 1, rounds, h, Encoding.INT8,
                    model.inner(), 1, new DeltaCheck(1_000.0, 4.0, 1_000_000), List.of(), 1));
            assertThat(settled.attempts()).isEqualTo(1);
            Path downloaded = dir.resolve("model.bin");
            network.client().downloadArtifact(Hash.parse(settled.resultHash()), downloaded, Artifacts.Progress.NONE);
            Broadcast theta = ((Parsed.Ok<Broadcast>) Broadcast.parse(Files.readAllBytes(downloaded))).value();
            assertThat(ParameterVector.sha256(theta.values())).isEqualTo(pure.run().finalThetaHash());
        }
    }

    /** θ's size for the names MLP. */
    private static final int PARAMETERS = ParameterVector.size(TrainingModels.named(TrainingModels.NAMES_MLP)
            .orElseThrow().factory().create(0, 0, 1).parameters());

    private static boolean isRound(JobHandle job, long round, String data) {
        JsonNode event = Json.MAPPER.readTree(data);
        return event.path("jobId").asString().equals(job.id().hex()) && event.path("round").asLong() == round
                && event.path("type").asString().equals("round_closed");
    }
}
