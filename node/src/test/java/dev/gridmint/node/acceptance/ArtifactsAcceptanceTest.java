package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.ApiError;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.artifact.UploadStatement;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts through a real coordinator: a job's output stored by its provider, downloaded by the tenant, hash-checked. */
class ArtifactsAcceptanceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aJobsOutputIsDownloadableByItsLedgerHashAndACorruptCopyIsCaught() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net"))) {
            var provider = network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(200);
            var settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            CoordinatorClient client = network.client();

            // The provider filed the model it trained under the job, and its hash is the result the ledger holds.
            ArtifactView output = client.jobArtifacts(job.id()).getFirst();
            assertThat(client.jobArtifacts(job.id())).hasSize(1);
            assertThat(output.sha256()).isEqualTo(settled.resultHash());
            assertThat(output.ledgerResult()).isTrue();
            assertThat(output.filings()).singleElement().satisfies(filing -> {
                assertThat(filing.uploader()).isEqualTo(provider.address().toString());
                assertThat(filing.kind()).isEqualTo("output");
                assertThat(filing.jobId()).isEqualTo(job.id().hex());
            });

            Path model = dir.resolve("model.bin");
            client.downloadArtifact(Hash.parse(output.sha256()), model, Artifacts.Progress.NONE);
            assertThat(Artifacts.sha256Of(model).hex()).isEqualTo(output.sha256());
            assertThat(Files.size(model)).isEqualTo(output.size());

            // HEAD, ETag and a byte range, as a resuming client uses them.
            var head = HTTP.send(HttpRequest.newBuilder(URI.create(network.url() + output.url()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("ETag")).contains("\"" + output.sha256() + "\"");
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(output.size());
            var range = HTTP.send(HttpRequest.newBuilder(URI.create(network.url() + output.url())).header("Range", "bytes=10-19")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(Files.readAllBytes(model), 10, 20));

            // A blob corrupted on the coordinator's disk is caught by the client's check, and nothing is written.
            Path blob = network.coordinatorDir().resolve("artifacts").resolve("sha256").resolve(output.sha256().substring(0, 2))
                    .resolve(output.sha256());
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 1;
            Files.write(blob, bytes);
            Path corrupt = dir.resolve("corrupt.bin");
            assertThatThrownBy(() -> client.downloadArtifact(Hash.parse(output.sha256()), corrupt, Artifacts.Progress.NONE))
                    .isInstanceOfSatisfying(CoordinatorClient.CoordinatorException.class,
                            e -> assertThat(e.code()).isEqualTo("CORRUPT_DOWNLOAD"));
            assertThat(corrupt).doesNotExist();

            // The store outlives the coordinator.
            network.restartCoordinator();
            assertThat(network.client().jobArtifacts(job.id())).extracting(ArtifactView::sha256).containsExactly(output.sha256());
        }
    }

    @Test
    void uploadsAreSignedByAKnownKeyOnceAndCheckedByHash() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net"))) {
            network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(50);
            Keypair alice = TestNetwork.key("alice");
            byte[] body = "a dataset shard\n".repeat(70_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Hash sha = Hash.sha256(body);
            long now = network.clock().instant().getEpochSecond();

            var signed = statement(network, sha, body.length, job.id(), now, "00000000000000000000000000000001").sign(alice);
            assertThat(put(network, sha, body, signed.headers()).statusCode()).isEqualTo(201);
            // The same signed request again is a replay; a fresh nonce for the same filing is idempotent.
            var replayed = put(network, sha, body, signed.headers());
            assertThat(error(replayed)).isEqualTo("REPLAYED_UPLOAD");
            // Refused before its body was read: the connection is not to be reused.
            assertThat(replayed.headers().firstValue("Connection")).hasValue("close");
            var fresh = statement(network, sha, body.length, job.id(), now, "00000000000000000000000000000002").sign(alice);
            assertThat(put(network, sha, body, fresh.headers()).statusCode()).isEqualTo(200);

            // Someone else's signature under alice's name; a key the ledger does not know; a stale statement.
            var forged = new java.util.HashMap<>(statement(network, sha, body.length, job.id(), now, "00000000000000000000000000000003")
                    .sign(TestNetwork.key("bob")).headers());
            forged.put(UploadStatement.SIGNER, alice.address().toString());
            assertThat(error(put(network, sha, body, forged))).isEqualTo("BAD_UPLOAD_SIGNATURE");
            assertThat(error(put(network, sha, body, statement(network, sha, body.length, null, now, "00000000000000000000000000000004")
                    .sign(TestNetwork.key("mallory")).headers()))).isEqualTo("UNKNOWN_UPLOADER");
            assertThat(error(put(network, sha, body, statement(network, sha, body.length, job.id(), now - 3_600,
                    "00000000000000000000000000000005").sign(alice).headers()))).isEqualTo("UPLOAD_EXPIRED");
            // Each refusal reaches its sender whole: the coordinator reads a modest refused body before it closes.
            for (int i = 0; i < 40; i++) {
                assertThat(error(put(network, sha, body, statement(network, sha, body.length, null, now, "%032x".formatted(100 + i))
                        .sign(TestNetwork.key("mallory")).headers()))).isEqualTo("UNKNOWN_UPLOADER");
            }
            // Bob holds an account but is no party to alice's job.
            assertThat(error(put(network, sha, body, statement(network, sha, body.length, job.id(), now,
                    "00000000000000000000000000000006").sign(TestNetwork.key("bob")).headers()))).isEqualTo("NOT_JOB_PARTY");

            // A body that is not what the hash says is refused and nothing is stored under that hash.
            byte[] other = "something else".repeat(10).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Hash claimed = Hash.sha256("what was promised".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(error(put(network, claimed, other, statement(network, claimed, other.length, null, now,
                    "00000000000000000000000000000007").sign(alice).headers()))).isEqualTo("HASH_MISMATCH");
            var missing = HTTP.send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/artifacts/" + claimed.hex())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            var badHash = HTTP.send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/artifacts/ABC")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readValue(badHash.body(), ApiError.class).code()).isEqualTo("BAD_ARTIFACT_HASH");

            assertThat(network.client().jobArtifacts(job.id())).extracting(ArtifactView::sha256).contains(sha.hex());

            // The client signs and sends content from memory too (a checkpoint, a pseudo-gradient), with a fresh nonce each time.
            byte[] checkpoint = "weights".repeat(5_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ArtifactView stored = network.client().uploadArtifact(alice, checkpoint, job.id(), ArtifactKind.CHECKPOINT, "step-10.ckpt");
            assertThat(stored.sha256()).isEqualTo(Hash.sha256(checkpoint).hex());
            assertThat(network.client().uploadArtifact(alice, checkpoint, job.id(), ArtifactKind.CHECKPOINT, "step-10.ckpt").filings())
                    .hasSize(1);
            // The client asks before it sends (Expect: 100-continue): a refused upload costs the sender no body.
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> network.client().uploadArtifact(TestNetwork.key("mallory"), body, null, ArtifactKind.INPUT,
                        "shard-0.txt")).isInstanceOfSatisfying(CoordinatorClient.CoordinatorException.class,
                        refused -> assertThat(refused.code()).isEqualTo("UNKNOWN_UPLOADER"));
            }
            Path back = dir.resolve("step-10.ckpt");
            network.client().downloadArtifact(Hash.sha256(checkpoint), back, Artifacts.Progress.NONE);
            assertThat(Files.readAllBytes(back)).isEqualTo(checkpoint);
        }
    }

    private static UploadStatement statement(TestNetwork network, Hash sha, long size, Hash job, long timestamp, String nonce) {
        return new UploadStatement(network.networkId(), sha, size, Optional.ofNullable(job), ArtifactKind.INPUT, "shard-0.txt",
                timestamp, nonce);
    }

    private static HttpResponse<String> put(TestNetwork network, Hash sha, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(network.url() + "/v1/artifacts/" + sha.hex()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        // The pooled client: a refused upload's "Connection: close" keeps its connection out of the pool.
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(400);
        return Json.MAPPER.readValue(response.body(), ApiError.class).code();
    }
}
