package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.protocol.SignedPass;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The coordinator's side of a provider's bandwidth measurement: {@code GET /v1/agent/bandwidth?bytes=N}
 * sends N bytes, {@code POST /v1/agent/bandwidth} takes up to {@link #MAX_BYTES} and answers
 * how many came, and the agent times both over its own link. Only a registered provider with a fresh
 * signed {@link SignedPass} pass is served, at most once per {@link #MIN_INTERVAL_MILLIS} per
 * direction. The bytes are random, so no compression on the way makes the link look faster than it is.
 */
final class BandwidthProbe {

    /** The most one probe moves in one direction. */
    static final int MAX_BYTES = 16 << 20;
    /** One probe per provider and direction this often at most. */
    static final long MIN_INTERVAL_MILLIS = 10_000;
    private static final int CHUNK = 64 * 1024;

    private final Supplier<String> networkId;
    private final java.util.function.Predicate<Address> registered;
    private final InstantSource clock;
    private final Map<String, Long> lastProbe = new ConcurrentHashMap<>();

    BandwidthProbe(Supplier<String> networkId, java.util.function.Predicate<Address> registered, InstantSource clock) {
        this.networkId = networkId;
        this.registered = registered;
        this.clock = clock;
    }

    void download(Context ctx) throws IOException {
        long bytes = bytes(ctx.queryParam("bytes"));
        admit(ctx, "down");
        var random = new SplittableRandom(bytes);
        byte[] chunk = new byte[CHUNK];
        ctx.contentType("application/octet-stream").header("Content-Length", Long.toString(bytes));
        OutputStream out = ctx.res().getOutputStream();
        for (long sent = 0; sent < bytes; sent += CHUNK) {
            random.nextBytes(chunk);
            out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
        }
        out.flush();
    }

    void upload(Context ctx) throws IOException {
        admit(ctx, "up");
        long received = 0;
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = ctx.req().getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                received += n;
                if (received > MAX_BYTES) {
                    throw new ApiException(413, "PROBE_TOO_LARGE", "a probe moves at most " + MAX_BYTES + " bytes");
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        ctx.json(Map.of("bytes", received));
    }

    private static long bytes(String text) {
        try {
            long bytes = Long.parseLong(text == null ? "" : text);
            if (bytes >= 1 && bytes <= MAX_BYTES) {
                return bytes;
            }
        } catch (NumberFormatException malformed) {
            // the same answer as out of range
        }
        throw new ApiException(400, "MALFORMED", "?bytes= is a whole number from 1 to " + MAX_BYTES);
    }

    /** The pass must be good, its provider registered, and its last probe this way long enough ago. */
    private void admit(Context ctx, String direction) {
        long now = clock.millis();
        SignedPass pass = SignedPass.parse(SignedPass.Purpose.LINK_PROBE, ctx.header(SignedPass.Purpose.LINK_PROBE.header()))
                .orElseThrow(() -> new ApiException(401, "PROBE_PASS_REQUIRED", "send a signed pass in "
                        + SignedPass.Purpose.LINK_PROBE.header()));
        pass.problem(networkId.get(), now).ifPresent(problem -> {
            throw new ApiException(401, "BAD_PROBE_PASS", problem);
        });
        if (!registered.test(pass.signer())) {
            throw new ApiException(403, "NOT_A_PROVIDER", pass.signer() + " is not a registered provider");
        }
        String key = pass.signer() + "/" + direction;
        var granted = new java.util.concurrent.atomic.AtomicBoolean();
        lastProbe.compute(key, (k, last) -> {
            boolean due = last == null || now - last >= MIN_INTERVAL_MILLIS;
            granted.set(due);
            return due ? now : last;
        });
        if (!granted.get()) {
            throw new ApiException(429, "PROBE_TOO_SOON", "one probe per " + MIN_INTERVAL_MILLIS / 1000 + " s per direction");
        }
    }
}
