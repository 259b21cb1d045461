package dev.gridmint.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.diloco.RoundManifest;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.worker.Assignment;
import dev.gridmint.workloads.worker.HttpRoundTransport;
import dev.gridmint.workloads.worker.RoundTransport;
import dev.gridmint.workloads.worker.SessionInfo;
import dev.gridmint.workloads.worker.TrainingAuth;
import dev.gridmint.workloads.worker.WorkerKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The round service's HTTP edge with a real server and real signatures: what it refuses, and with which code. */
class TrainingApiTest {

    private static final String SESSION = "api";
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);

    @TempDir
    Path dir;

    private TrainingService service;
    private TrainingServer server;
    private DilocoSession session;
    private Keypair key;
    private RoundTransport worker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        service = new TrainingService(InstantSource.system(), Duration.ofMillis(20));
        server = TrainingServer.start(service, "127.0.0.1", 0);
        key = Keypair.generate(new SplittableRandom(3));
        Path keyFile = dir.resolve("worker.key");
        KeypairFile.write(keyFile, key);
        SessionInfo info = new SessionInfo(SessionInfo.Mode.DILOCO, "names-mlp", 1, 1, 5, Encoding.INT8);
        double[] theta = ParameterVector.values(TrainingModels.named(TrainingModels.NAMES_MLP).orElseThrow()
                .factory().create(1, 0, 1).parameters());
        session = new DilocoSession(new DilocoSession.Settings(SESSION, info, 2, 1, CHECK,
                60_000, 60_000, Map.of(0, key.address())), theta, e -> { }, service.now());
        service.open(session);
        worker = new HttpRoundTransport(URI.create(server.url()), SESSION, 0, WorkerKey.read(keyFile));
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
    }

    private DeltaMessage delta(long round) {
        double[] values = new double[session.thetaValues().length];
        Arrays.fill(values, 0.001);
        return DeltaMessage.of(round, 0, 0, 160, Encoding.INT8, values);
    }

    /** POSTs {@code body} to /delta, signed (by worker 0's key) over {@code signedBody}. */
    private HttpResponse<String> post(int asWorker, long round, byte[] signedBody, byte[] body) throws Exception {
        byte[] signature = key.sign(TrainingAuth.signedBytes(SESSION, TrainingAuth.Action.DELTA, asWorker, round,
                signedBody));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/v1/training/" + SESSION + "/delta"))
                .header(TrainingAuth.WORKER_HEADER, Integer.toString(asWorker))
                .header(TrainingAuth.ROUND_HEADER, Long.toString(round))
                .header(TrainingAuth.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCorruptedUploadFailsItsSignatureCheckAndChangesNothing() throws Exception {
        assertThat(worker.checkin(0)).isInstanceOf(Assignment.Work.class);
        byte[] honest = delta(0).toBytes();
        byte[] corrupted = honest.clone();
        corrupted[corrupted.length - 1] ^= 1;

        HttpResponse<String> response = post(0, 0, honest, corrupted);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"BAD_SIGNATURE\"");
        assertThat(session.traffic().up()).isZero();
        assertThat(session.working(0)).isTrue();
    }

    @Test
    void aReplayedUploadIsRefusedOnceItsRoundHasClosed() throws Exception {
        assertThat(worker.checkin(0)).isInstanceOf(Assignment.Work.class);
        byte[] body = delta(0).toBytes();
        assertThat(post(0, 0, body, body).statusCode()).isEqualTo(200);
        assertThat(session.round()).isEqualTo(1); // the only member delivered: round 0 closed

        HttpResponse<String> replay = post(0, 0, body, body);

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("STALE_ROUND");
        Parsed<RoundManifest> manifest = RoundManifest.parse(session.manifest(0).orElseThrow());
        assertThat(manifest).isInstanceOf(Parsed.Ok.class);
    }

    @Test
    void unknownWorkersUnsignedAndOversizedUploadsAreRefusedWithStableCodes() throws Exception {
        worker.checkin(0);
        byte[] body = delta(0).toBytes();
        assertThat(post(7, 0, body, body).body()).contains("UNKNOWN_WORKER");
        byte[] oversized = Arrays.copyOf(body, session.maxUploadBytes() + 1);
        HttpResponse<String> tooLarge = post(0, 0, oversized, oversized);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("TOO_LARGE");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/v1/training/" + SESSION + "/delta"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("UNSIGNED");
        byte[] garbage = new byte[40];
        assertThat(post(0, 0, garbage, garbage).body()).contains("BAD_DELTA");
        assertThatThrownBy(() -> new HttpRoundTransport(URI.create(server.url()), "nope", 0,
                WorkerKey.read(dir.resolve("worker.key"))).info())
                .isInstanceOf(RoundTransport.Refused.class).hasMessageContaining("UNKNOWN_SESSION");
        assertThat(session.traffic().up()).isZero();
    }

    @Test
    void statusReportsBytesAndTheFinalTheta() throws Exception {
        for (long round = 0; round < 2; round++) {
            assertThat(worker.checkin(round)).isInstanceOf(Assignment.Work.class);
            worker.upload(delta(round));
        }
        assertThat(worker.checkin(2)).isEqualTo(new Assignment.Done(session.thetaHash()));
        String status = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/training/" + SESSION
                + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(status).contains("\"done\":true").contains("\"theta\":\"" + session.thetaHash() + "\"")
                .contains("\"bytesUp\":" + 2 * delta(0).sizeBytes());
    }
}
