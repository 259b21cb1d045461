package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Parsed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** {@link RoundTransport} over the round service's HTTP endpoints under {@code /v1/training/{session}}. */
public final class HttpRoundTransport implements RoundTransport {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long a request is retried while the service cannot be reached (a coordinator restarting). */
    private static final Duration UNREACHABLE_FOR = Duration.ofSeconds(120);
    private static final long RETRY_MILLIS = 500;
    /** The service's code for a worker number it does not know: a restarted coordinator forgot who joined. */
    private static final String UNKNOWN_WORKER = "UNKNOWN_WORKER";

    private final HttpClient http;
    private final String base;
    private final String session;
    /** The worker number: given at construction, or by the session on {@link #join()}. */
    private int worker;
    private boolean joined;
    private final WorkerKey key;

    /** {@code worker} is the worker's number, or -1 for one that will {@link #join()} to get it. */
    public HttpRoundTransport(URI coordinator, String session, int worker, WorkerKey key) {
        if (!TrainingAuth.SESSION_ID.matcher(session).matches()) {
            throw new IllegalArgumentException("bad session id '" + session + "'");
        }
        String root = coordinator.toString();
        this.base = (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/v1/training/" + session;
        this.session = session;
        this.worker = worker;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public SessionInfo info() throws IOException {
        return SessionInfo.parse(json(send(get("/config"))));
    }

    /** The session's number of rounds, from its config; 0 where the service does not say. */
    public long rounds() throws IOException {
        return json(send(get("/config"))).optional("rounds").map(Long::parseLong).orElse(0L);
    }

    @Override
    public int join() throws IOException {
        byte[] body = key.publicKeyHex().getBytes(StandardCharsets.US_ASCII);
        worker = 0;
        long given = json(send(signed("/join", TrainingAuth.Action.JOIN, 0, body))).integer("worker");
        worker = Math.toIntExact(given);
        joined = true;
        return worker;
    }

    @Override
    public int worker() {
        return worker;
    }

    @Override
    public Assignment checkin(long round) throws IOException {
        return Assignment.parse(json(sendSigned("/checkin", TrainingAuth.Action.CHECKIN, round, new byte[0])));
    }

    @Override
    public Optional<Broadcast> update(long round) throws IOException {
        HttpResponse<byte[]> response = exchange(get("/update/" + round));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(broadcast(ok(response)));
    }

    @Override
    public Broadcast theta() throws IOException {
        return broadcast(send(get("/theta")));
    }

    @Override
    public void upload(DeltaMessage message) throws IOException {
        byte[] body = message.toBytes();
        try {
            sendSigned("/delta", TrainingAuth.Action.DELTA, message.round(), body);
        } catch (Refused refused) {
            // after a rejoin under another number the Δ names the old one: its round is stale to the worker too
            if (message.worker() != worker && refused.code().equals("MISMATCH")) {
                throw new Refused(409, DilocoWorker.STALE_ROUND, "the worker rejoined as " + worker);
            }
            throw refused;
        }
    }

    /**
     * A signed request. A worker that joined by its key joins again once if the service no longer knows its
     * number (the coordinator restarted), then repeats the request under the number it gets.
     */
    private byte[] sendSigned(String path, TrainingAuth.Action action, long round, byte[] body) throws IOException {
        try {
            return send(signed(path, action, round, body));
        } catch (Refused refused) {
            if (!joined || !refused.code().equals(UNKNOWN_WORKER)) {
                throw refused;
            }
            join();
            return send(signed(path, action, round, body));
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
    }

    private HttpRequest signed(String path, TrainingAuth.Action action, long round, byte[] body) {
        byte[] signature = key.sign(TrainingAuth.signedBytes(session, action, worker, round, body));
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header(TrainingAuth.WORKER_HEADER, Integer.toString(worker))
                .header(TrainingAuth.ROUND_HEADER, Long.toString(round))
                .header(TrainingAuth.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private byte[] send(HttpRequest request) throws IOException {
        return ok(exchange(request));
    }

    /** Sends, retrying for {@link #UNREACHABLE_FOR} while the service cannot be reached or drops the line. */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException {
        long giveUp = System.nanoTime() + UNREACHABLE_FOR.toNanos();
        try {
            while (true) {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException unreachable) {
                    if (System.nanoTime() > giveUp) {
                        throw unreachable;
                    }
                    Thread.sleep(RETRY_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The body of a 2xx answer; any other answer is a {@link Refused} with the service's code. */
    private static byte[] ok(HttpResponse<byte[]> response) throws Refused {
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        String code = "http_" + response.statusCode();
        String message = "";
        try {
            FlatJson error = json(response.body());
            code = error.optional("code").orElse(code);
            message = error.optional("message").orElse("");
        } catch (IllegalArgumentException notJson) {
            message = new String(response.body(), StandardCharsets.UTF_8);
        }
        throw new Refused(response.statusCode(), code, message);
    }

    private static FlatJson json(byte[] body) {
        return FlatJson.parse(new String(body, StandardCharsets.UTF_8));
    }

    private static Broadcast broadcast(byte[] body) throws IOException {
        return switch (Broadcast.parse(body)) {
            case Parsed.Ok<Broadcast> ok -> ok.value();
            case Parsed.Invalid<Broadcast> bad -> throw new IOException("bad broadcast: " + bad.code() + " "
                    + bad.message());
        };
    }
}
