package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.Seat;
import dev.gridmint.node.acceptance.dsl.EventTap;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.MemberView;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.json.Json;
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
 * A DiLoCo job with K = 2 on a two-node gang: one {@code AssignGang} places a worker on each of two real agents, both
 * join the job's session on the coordinator's mounted round service as the holders of the gang's member leases, every
 * round averages both workers' Δs, and the model both export is bit for bit the θ of the same K = 2 run in one process.
 */
class DilocoGangAcceptanceTest {

    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final int K = 2;
    private static final int ROUNDS = 3;
    private static final int H = 5;
    private static final List<String> ARGS = List.of("--diloco", Integer.toString(K), "--inner-steps", Integer.toString(H),
            "--rounds", Integer.toString(ROUNDS), "--model", "names-mlp", "--seed", "3", "--encoding", "int8", "--quorum", "2");

    @TempDir
    Path dir;

    @Test
    void aDilocoJobTrainsOnAGangOfTwoProviders() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net")); EventTap events = network.events()) {
            ProviderNode a = network.provider("p-a").start(1 * CC);
            ProviderNode b = network.provider("p-b").start(1 * CC);
            JobHandle job = network.tenant("alice").submits(new JobSpec("diloco", ARGS, 1, Tenant.DEFAULT_MAX_SECONDS,
                    Tenant.DEFAULT_MAX_PRICE).withNodes(K));

            List<EventTap.Event> rounds = events.until("training", data -> isRound(job, ROUNDS - 1, data), WAIT);
            JobView settled = job.awaitStatus("SETTLED", WAIT);

            // One placement, both seats at once, one per provider.
            assertThat(network.transactions(AssignGang.class)).singleElement()
                    .satisfies(assign -> assertThat(assign.seats()).extracting(Seat::provider)
                            .containsExactlyInAnyOrder(a.address(), b.address()));
            assertThat(settled.members()).extracting(MemberView::state).containsExactly("DONE", "DONE");

            // Every round had both members' Δs, and the last one holds the θ of the in-process K = 2 run.
            TrainingModel model = TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow();
            Diloco.Result pure = Diloco.train(model.factory(), new DilocoConfig(3, K, ROUNDS, H, Encoding.INT8,
                    model.inner(), 2, new DeltaCheck(1_000.0, 4.0, 1_000_000), List.of(), 1));
            String finalTheta = pure.run().finalThetaHash();
            List<JsonNode> closed = rounds.stream().filter(e -> e.name().equals("training"))
                    .map(e -> Json.MAPPER.readTree(e.data()))
                    .filter(e -> e.path("jobId").asString().equals(job.id().hex()) && e.path("type").asString().equals("round_closed"))
                    .toList();
            assertThat(closed).extracting(e -> e.path("round").asLong()).containsExactly(0L, 1L, 2L);
            assertThat(closed).allSatisfy(e -> assertThat(e.path("accepted").toString()).isEqualTo("[0,1]"));
            assertThat(closed.getLast().path("theta").asString()).isEqualTo(finalTheta);

            // Both members exported that model; the job's result (member 0's) downloads as it.
            assertThat(settled.members()).extracting(MemberView::resultHash).containsOnly(settled.resultHash());
            Path downloaded = dir.resolve("model.bin");
            network.client().downloadArtifact(Hash.parse(settled.resultHash()), downloaded, Artifacts.Progress.NONE);
            Broadcast theta = ((Parsed.Ok<Broadcast>) Broadcast.parse(Files.readAllBytes(downloaded))).value();
            assertThat(ParameterVector.sha256(theta.values())).isEqualTo(finalTheta);
            assertThat(network.client().audit().problems()).isEmpty();
        }
    }

    private static boolean isRound(JobHandle job, long round, String data) {
        JsonNode event = Json.MAPPER.readTree(data);
        return event.path("jobId").asString().equals(job.id().hex()) && event.path("round").asLong() == round
                && event.path("type").asString().equals("round_closed");
    }
}
