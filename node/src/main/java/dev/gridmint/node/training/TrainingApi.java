package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.worker.SessionInfo;
import dev.gridmint.workloads.worker.TrainingAuth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The round service's HTTP endpoints, under {@code /v1/training/{session}}:
 *
 * <ul>
 *   <li>{@code GET /config}: the session as workers need it;
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
 * {@link TrainingAuth#signedBytes}. Errors are JSON {@code {code, message}} with stable codes.
 */
public final class TrainingApi {

    static final long CHECKIN_WAIT_MILLIS = 2_000;
    private static final String BINARY = "application/octet-stream";

    private final TrainingService service;

    public TrainingApi(TrainingService service) {
        this.service = service;
    }

    public void register(RoutesConfig routes) {
        String base = "/v1/training/{session}";
        routes.get(base + "/config", ctx -> ctx.json(config(session(ctx).info())));
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

    private void checkin(Context ctx) throws InterruptedException {
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

    private void delta(Context ctx) {
        TrainingSession session = session(ctx);
        Signed signed = authenticate(ctx, session, TrainingAuth.Action.DELTA, session.maxUploadBytes());
        session.upload(signed.worker(), signed.round(), signed.body(), service.now()).ifPresent(refusal -> {
            throw new ApiException(refusal.status(), refusal.code(), refusal.message());
        });
        ctx.json(Map.of("received", true));
    }

    private record Signed(int worker, long round, byte[] body) {}

    /** Checks the size, the registered worker and its signature; returns the request's parts. */
    private Signed authenticate(Context ctx, TrainingSession session, TrainingAuth.Action action, int maxBody) {
        long length = ctx.contentLength();
        if (length > maxBody) {
            throw new ApiException(413, "TOO_LARGE", "at most " + maxBody + " bytes here, got " + length);
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBody) {
            throw new ApiException(413, "TOO_LARGE", "at most " + maxBody + " bytes here, got " + body.length);
        }
        int worker = (int) headerNumber(ctx, TrainingAuth.WORKER_HEADER, Integer.MAX_VALUE);
        long round = headerNumber(ctx, TrainingAuth.ROUND_HEADER, Long.MAX_VALUE);
        var key = session.workers().get(worker);
        if (key == null) {
            throw new ApiException(403, "UNKNOWN_WORKER", "worker " + worker + " is not registered in this session");
        }
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
        return new Signed(worker, round, body);
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
        return service.session(id).orElseThrow(() -> new ApiException(404, "UNKNOWN_SESSION",
                "no training session '" + id + "'"));
    }

    private static long pathRound(Context ctx) {
        String value = ctx.pathParam("round");
        if (!value.matches("\\d{1,18}")) {
            throw new ApiException(400, "BAD_ROUND", "a round is a number");
        }
        return Long.parseLong(value);
    }

    static Map<String, Object> config(SessionInfo info) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", info.mode().wireName());
        body.put("model", info.model());
        body.put("seed", info.seed());
        body.put("shards", info.shards());
        body.put("inner_steps", info.innerSteps());
        body.put("encoding", SessionInfo.wireName(info.encoding()));
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
