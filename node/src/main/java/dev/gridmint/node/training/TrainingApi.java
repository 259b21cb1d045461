package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.worker.SessionInfo;
import dev.gridmint.workloads.worker.TrainingAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The round service's HTTP endpoints, under {@code /v1/training/{session}}:
 *
 * <ul>
 *   <li>{@code GET /config}: the session as workers need it;
 *   <li>{@code POST /join} (signed by the joining key, whose hex is the body): the worker number a key gets in
 *       a session whose workers are not registered up front (a network job's);
 *   <li>{@code POST /checkin} (signed): the worker's assignment, after waiting up to
 *       {@value #CHECKIN_WAIT_MILLIS} ms for one;
 *   <li>{@code GET /update/{round}}, {@code GET /theta}: the update of a round, or the full θ (binary);
 *   <li>{@code POST /delta} (signed): a Δ or gradient upload (binary);
 *   <li>{@code GET /manifest/{round}}: the round's manifest (text);
 *   <li>{@code GET /status}: progress, bytes and rejections (JSON).
 *   <li>{@code GET /evidence}: each rejected Δ with the inputs to recompute its round ({@link DeltaEvidence}), for checkers.
 * </ul>
 *
 * A signed request carries the worker, the round and an Ed25519 signature by the worker's registered key over
 * {@link TrainingAuth#signedBytes}; a mounted service also asks {@link Sessions#admit} whether that key may act
 * in the session (for a job: holds a live lease on it). Errors are JSON {@code {code, message}} with stable codes.
 */
public final class TrainingApi {

    static final long CHECKIN_WAIT_MILLIS = 2_000;
    private static final String BINARY = "application/octet-stream";

    /** Where the API finds sessions, and who may act in them. */
    public interface Sessions {

        Optional<TrainingSession> session(String id);

        /** Empty if {@code key} may join, check in and upload in {@code session}; otherwise why not. */
        Optional<Refusal> admit(TrainingSession session, Address key);
    }

    private final TrainingService service;
    private final Sessions sessions;

    /** The standalone service: the sessions opened on it, whose registered keys may act in them. */
    public TrainingApi(TrainingService service) {
        this(service, new Sessions() {
            @Override
            public Optional<TrainingSession> session(String id) {
                return service.session(id);
            }

            @Override
            public Optional<Refusal> admit(TrainingSession session, Address key) {
                return Optional.empty();
            }
        });
    }

    /** The service mounted for {@code sessions} (a coordinator's jobs); {@code service} supplies the clock. */
    public TrainingApi(TrainingService service, Sessions sessions) {
        this.service = service;
        this.sessions = sessions;
    }

    public void register(RoutesConfig routes) {
        String base = "/v1/training/{session}";
        routes.get(base + "/config", ctx -> ctx.json(config(session(ctx))));
        routes.post(base + "/join", this::join);
        routes.post(base + "/checkin", this::checkin);
        routes.get(base + "/update/{round}", ctx -> ctx.contentType(BINARY).result(session(ctx)
                .update(pathRound(ctx)).orElseThrow(() -> new ApiException(404, "NO_UPDATE",
                        "no update for round " + ctx.pathParam("round")))));
        routes.get(base + "/theta", ctx -> ctx.contentType(BINARY).result(session(ctx).theta()
                .orElseThrow(() -> new ApiException(404, "NO_THETA", "this session has no θ download"))));
        routes.post(base + "/delta", this::delta);
        routes.get(base + "/evidence", ctx -> ctx.json(session(ctx).evidence()));
        routes.get(base + "/manifest/{round}", ctx -> ctx.contentType("text/plain").result(session(ctx)
                .manifest(pathRound(ctx)).orElseThrow(() -> new ApiException(404, "NO_MANIFEST",
                        "no manifest for round " + ctx.pathParam("round")))));
        routes.get(base + "/status", ctx -> ctx.json(status(session(ctx))));
    }

    /**
     * Enrolls the key in the body (64 hex characters), signed by that key. Replaying it only returns the same
     * number for the same key; a key that may not act in the session is refused before anything changes.
     */
    private void join(Context ctx) throws IOException {
        TrainingSession session = session(ctx);
        if (!(session instanceof DilocoSession diloco) || !diloco.enrolling()) {
            throw new ApiException(409, "NO_ENROLLMENT", "this session's workers are registered when it opens");
        }
        byte[] body = body(ctx, 2 * Address.LENGTH);
        Address key;
        try {
            key = new Address(HexFormat.of().parseHex(new String(body, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_KEY", "the body is the joining key's 32 bytes in hex");
        }
        long round = headerNumber(ctx, TrainingAuth.ROUND_HEADER, Long.MAX_VALUE);
        verify(ctx, session, TrainingAuth.Action.JOIN, 0, round, body, key);
        admit(session, key);
        int worker = diloco.enroll(key).orElseThrow(() -> new ApiException(409, "ROSTER_FULL",
                "the session has enrolled as many keys as it takes"));
        ctx.json(Map.of("worker", worker));
    }

    private void checkin(Context ctx) throws InterruptedException, IOException {
        TrainingSession session = session(ctx);
        Signed signed = authenticate(ctx, session, TrainingAuth.Action.CHECKIN, 0);
        long until = System.nanoTime() + CHECKIN_WAIT_MILLIS * 1_000_000L;
        Answer answer;
        while (true) {
            long seen = session.signal().version();
            answer = session.checkin(signed.worker(), signed.round(), service.now());
            long left = (until - System.nanoTime()) / 1_000_000L;
            if (!(answer instanceof Answer.Wait) || left <= 0) {
                break;
            }
            session.signal().await(seen, left);
        }
        ctx.json(switch (answer) {
            case Answer.Wait ignored -> Map.of("state", "wait");
            case Answer.Work w -> Map.of("state", "work", "round", w.round(), "shard", w.shard(), "cursor",
                    w.cursor(), "theta", w.thetaHash());
            case Answer.Done d -> Map.of("state", "done", "theta", d.thetaHash());
        });
    }

    private void delta(Context ctx) throws IOException {
        TrainingSession session = session(ctx);
        Signed signed = authenticate(ctx, session, TrainingAuth.Action.DELTA, session.maxUploadBytes());
        session.upload(signed.worker(), signed.round(), signed.body(), service.now()).ifPresent(refusal -> {
            throw new ApiException(refusal.status(), refusal.code(), refusal.message());
        });
        ctx.json(Map.of("received", true));
    }

    private record Signed(int worker, long round, byte[] body) {}

    /**
     * Checks the size, the registered worker, its signature and whether its key may act in the session;
     * returns the request's parts.
     */
    private Signed authenticate(Context ctx, TrainingSession session, TrainingAuth.Action action, int maxBody)
            throws IOException {
        byte[] body = body(ctx, maxBody);
        int worker = (int) headerNumber(ctx, TrainingAuth.WORKER_HEADER, Integer.MAX_VALUE);
        long round = headerNumber(ctx, TrainingAuth.ROUND_HEADER, Long.MAX_VALUE);
        var key = session.workers().get(worker);
        if (key == null) {
            throw new ApiException(403, "UNKNOWN_WORKER", "worker " + worker + " is not registered in this session");
        }
        verify(ctx, session, action, worker, round, body, key);
        admit(session, key);
        return new Signed(worker, round, body);
    }

    private void admit(TrainingSession session, Address key) {
        sessions.admit(session, key).ifPresent(refusal -> {
            throw new ApiException(refusal.status(), refusal.code(), refusal.message());
        });
    }

    /**
     * The body, read up to {@code maxBody} bytes from the stream: the session's own limit (a model's Δ), which
     * may exceed the server-wide request limit of the coordinator's small JSON bodies.
     */
    private static byte[] body(Context ctx, int maxBody) throws IOException {
        long length = ctx.contentLength();
        if (length > maxBody) {
            throw new ApiException(413, "TOO_LARGE", "at most " + maxBody + " bytes here, got " + length);
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            throw new ApiException(413, "TOO_LARGE", "at most " + maxBody + " bytes here, got more");
        }
        return body;
    }

    private static void verify(Context ctx, TrainingSession session, TrainingAuth.Action action, int worker,
            long round, byte[] body, Address key) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(headerText(ctx, TrainingAuth.SIGNATURE_HEADER));
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "BAD_SIGNATURE", "the signature is not base64");
        }
        byte[] signed = TrainingAuth.signedBytes(session.id(), action, worker, round, body);
        if (signature.length != Ed25519.SIGNATURE_LENGTH || !Ed25519.verify(key, signed, signature)) {
            throw new ApiException(401, "BAD_SIGNATURE", "the signature does not match worker " + worker
                    + "'s key and this request");
        }
    }

    private static String headerText(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null || value.isEmpty() || value.length() > 200) {
            throw new ApiException(401, "UNSIGNED", "the request needs the " + name + " header");
        }
        return value;
    }

    private static long headerNumber(Context ctx, String name, long max) {
        String value = headerText(ctx, name);
        if (!value.matches("\\d{1,18}") || Long.parseLong(value) > max) {
            throw new ApiException(400, "BAD_HEADER", name + " must be a number 0.." + max);
        }
        return Long.parseLong(value);
    }

    private TrainingSession session(Context ctx) {
        String id = ctx.pathParam("session");
        if (!TrainingAuth.SESSION_ID.matcher(id).matches()) {
            throw new ApiException(400, "BAD_SESSION", "a session id matches " + TrainingAuth.SESSION_ID.pattern());
        }
        return sessions.session(id).orElseThrow(() -> new ApiException(404, "UNKNOWN_SESSION",
                "no training session '" + id + "'"));
    }

    private static long pathRound(Context ctx) {
        String value = ctx.pathParam("round");
        if (!value.matches("\\d{1,18}")) {
            throw new ApiException(400, "BAD_ROUND", "a round is a number");
        }
        return Long.parseLong(value);
    }

    static Map<String, Object> config(TrainingSession session) {
        SessionInfo info = session.info();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", info.mode().wireName());
        body.put("model", info.model());
        body.put("seed", info.seed());
        body.put("shards", info.shards());
        body.put("inner_steps", info.innerSteps());
        body.put("encoding", SessionInfo.wireName(info.encoding()));
        body.put("rounds", session.rounds());
        return body;
    }

    /** The status body: where the session is, what it moved and what it rejected. */
    public record Status(String session, String mode, boolean done, String theta, long bytesUp, long bytesDown,
            long bytesJoin, List<TrainingEvent.DeltaRejected> rejections) {}

    static Status status(TrainingSession s) {
        Traffic t = s.traffic();
        return new Status(s.id(), s.info().mode().wireName(), s.done(), s.thetaHash(), t.up(), t.down(), t.join(),
                s.rejections());
    }
}
