package dev.gridmint.node.checker;

import dev.gridmint.node.json.Json;
import dev.gridmint.node.training.DeltaEvidence;
import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.train.ParameterVector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a DiLoCo session's rejected-Δ evidence ({@code GET <session>/evidence}) and its current θ
 * ({@code GET <session>/theta}, checked against its own hash) from the round service, for {@link DeltaAudit}.
 */
final class TrainingEvidenceClient {

    /** The evidence list holds at most 64 Δs, each far below this. */
    private static final int MAX_EVIDENCE_BYTES = 128 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** {@code session} is the session's base URL, {@code http://host:port/v1/training/<id>}. */
    List<DeltaEvidence> evidence(String session) throws IOException, InterruptedException {
        return Json.MAPPER.readValue(fetch(session + "/evidence", MAX_EVIDENCE_BYTES), new TypeReference<List<DeltaEvidence>>() {});
    }

    /** θ as the session holds it now, if it parses and matches its own hash. */
    Optional<double[]> theta(String session) throws IOException, InterruptedException {
        byte[] bytes = fetch(session + "/theta", Broadcast.MAX_BYTES);
        if (!(Broadcast.parse(bytes) instanceof Parsed.Ok<Broadcast> ok) || ok.value().kind() != Broadcast.Kind.THETA) {
            return Optional.empty();
        }
        double[] values = ok.value().values();
        return ParameterVector.sha256(values).equals(ok.value().thetaHash()) ? Optional.of(values) : Optional.empty();
    }

    private byte[] fetch(String url, int limit) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (var body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new IOException(url + " answered more than " + limit + " bytes");
            }
            return bytes;
        }
    }
}
