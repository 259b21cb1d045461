package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.artifact.Artifact;
import dev.gridmint.node.artifact.ArtifactError;
import dev.gridmint.node.artifact.ArtifactStore;
import dev.gridmint.node.artifact.UploadStatement;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The artifact endpoints: signed, streamed uploads; downloads by hash (with {@code ETag} and a
 * single {@code Range}); a job's listing. Downloads are not authenticated, like every other read
 * of this API: an artifact's hash is its capability.
 */
final class ArtifactApi {

    /** How far an upload statement's timestamp may be from the coordinator's clock. */
    static final long WINDOW_SECONDS = 300;
    /** The largest refused body read to its end so that its error response is not lost to a reset. */
    static final long REFUSED_BODY_DRAIN_LIMIT = 8L << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactApi.class);

    private final ArtifactStore store;
    private final Supplier<LedgerState> ledger;
    private final InstantSource clock;
    private final String networkId;
    private final UploadNonces nonces = new UploadNonces(WINDOW_SECONDS);

    ArtifactApi(ArtifactStore store, Supplier<LedgerState> ledger, InstantSource clock, String networkId) {
        this.store = store;
        this.networkId = networkId;
        this.ledger = ledger;
        this.clock = clock;
    }

    void addRoutes(RoutesConfig routes) {
        routes.put("/v1/artifacts/{sha256}", this::upload);
        routes.get("/v1/artifacts/{sha256}", ctx -> download(ctx, true));
        routes.head("/v1/artifacts/{sha256}", ctx -> download(ctx, false));
        routes.get("/v1/jobs/{id}/artifacts", this::ofJob);
    }

    /** Applies the retention policy now; jobs that hold no escrow any more have ended. Never throws: it runs on a timer. */
    void sweep() {
        try {
            LedgerState state = ledger.get();
            List<String> deleted = store.sweep(clock.instant(), job -> state.job(job).map(j -> !j.status().holdsEscrow()).orElse(true));
            if (!deleted.isEmpty()) {
                LOG.info("retention: deleted {} artifacts", deleted.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("retention sweep failed; the next one tries again", e);
        }
    }

    /**
     * A refused upload says {@code Connection: close}: it may be refused before its body is read, and Jetty then closes
     * the connection, so a client that pooled it would send its next request into a closed socket.
     *
     * <p>Closing a socket whose body is still arriving makes the kernel answer with a reset, which can destroy the
     * error response before the client reads it. So a refused body of modest size is read to its end first. A client
     * that sent {@code Expect: 100-continue} (as {@link dev.gridmint.node.client.CoordinatorClient} does) has sent no
     * body yet and is not asked for it; a larger body without that header is cut off, and its sender may see a reset.
     */
    private void upload(Context ctx) throws IOException {
        try {
            store(ctx);
        } catch (ApiException refused) {
            ctx.header("Connection", "close");
            if (!"100-continue".equalsIgnoreCase(ctx.header("Expect"))) {
                drainRefusedBody(ctx);
            }
            throw refused;
        }
    }

    private static void drainRefusedBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0 || declared > REFUSED_BODY_DRAIN_LIMIT) {
            return;
        }
        try (InputStream body = ctx.req().getInputStream()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException gone) {
            // The client went away or the stream was already taken; the close below ends it either way.
        }
    }

    private void store(Context ctx) throws IOException {
        Hash sha256 = pathHash(ctx);
        UploadStatement.Signed signed;
        try {
            signed = UploadStatement.fromHeaders(networkId, sha256, ctx::header);
        } catch (IllegalArgumentException e) {
            throw refusal(ArtifactError.MALFORMED_UPLOAD, e.getMessage());
        }
        UploadStatement statement = signed.statement();
        long contentLength = ctx.req().getContentLengthLong();
        if (contentLength >= 0 && contentLength != statement.size()) {
            throw refusal(ArtifactError.SIZE_MISMATCH, "Content-Length " + contentLength + " is not the signed size " + statement.size());
        }
        authorize(signed);
        var request = new ArtifactStore.Request(sha256, statement.size(), signed.signer().toString(), statement.jobId(),
                statement.kind(), statement.name());
        try (InputStream body = ctx.req().getInputStream()) {
            switch (store.put(request, body, clock.instant())) {
                case ArtifactStore.Upload.Stored stored -> ctx.status(stored.created() ? 201 : 200)
                        .json(ArtifactView.of(stored.artifact(), ledger.get()));
                case ArtifactStore.Upload.Refused refused -> throw refusal(refused.error(), refused.message());
            }
        }
    }

    /** Signature, time window, known key, job party, then the nonce: a refused statement does not burn its nonce. */
    private void authorize(UploadStatement.Signed signed) {
        UploadStatement statement = signed.statement();
        if (!signed.verifies()) {
            throw refusal(ArtifactError.BAD_UPLOAD_SIGNATURE, "the signature does not verify against " + signed.signer());
        }
        long now = clock.instant().getEpochSecond();
        if (!nonces.fresh(statement.timestamp(), now)) {
            throw refusal(ArtifactError.UPLOAD_EXPIRED, "the statement's timestamp " + statement.timestamp()
                    + " is more than " + WINDOW_SECONDS + " s from the coordinator's clock (" + now + ")");
        }
        LedgerState state = ledger.get();
        Address signer = signed.signer();
        if (state.provider(signer).isEmpty() && state.accounts().get(signer).isEmpty()) {
            throw refusal(ArtifactError.UNKNOWN_UPLOADER, signer + " is neither a registered provider nor an account");
        }
        if (statement.jobId().isPresent()) {
            Job job = state.job(statement.jobId().get()).orElseThrow(() ->
                    refusal(ArtifactError.UNKNOWN_JOB, "no job " + statement.jobId().get().hex()));
            if (!isParty(job, signer)) {
                throw refusal(ArtifactError.NOT_JOB_PARTY, signer + " is neither the tenant nor the provider of job "
                        + job.id().hex());
            }
        }
        if (!nonces.firstUse(signer.toString(), statement.nonce(), statement.timestamp(), now)) {
            throw refusal(ArtifactError.REPLAYED_UPLOAD, "this nonce of " + signer + " was used already");
        }
    }

    private static boolean isParty(Job job, Address signer) {
        return job.tenant().equals(signer) || job.leases().stream().anyMatch(lease -> lease.provider().equals(signer));
    }

    private void download(Context ctx, boolean withBody) throws IOException {
        Artifact artifact = store.get(pathHash(ctx)).orElseThrow(() ->
                refusal(ArtifactError.UNKNOWN_ARTIFACT, "no artifact " + ctx.pathParam("sha256")));
        String etag = "\"" + artifact.sha256() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType("application/octet-stream");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        long size = artifact.size();
        long first = 0;
        long last = size - 1;
        String range = ctx.header("Range");
        if (range != null && size > 0) {
            Matcher matcher = RANGE.matcher(range.strip());
            long[] bounds = matcher.matches() ? bounds(matcher, size) : null;
            if (bounds == null) {
                ctx.header("Content-Range", "bytes */" + size);
                throw new ApiException(416, "BAD_RANGE", "one range of bytes within 0-" + last + " is served");
            }
            first = bounds[0];
            last = bounds[1];
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        long length = last - first + 1;
        ctx.res().setContentLengthLong(length);
        if (!withBody) {
            return;
        }
        // Straight to the servlet stream: no compression, so Content-Length stays the bytes sent.
        try (InputStream in = Files.newInputStream(store.blob(artifact)); OutputStream out = ctx.res().getOutputStream()) {
            in.skipNBytes(first);
            copy(in, out, length);
        }
    }

    /** A single {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} within the content; null if it is not one. */
    private static long[] bounds(Matcher matcher, long size) {
        String from = matcher.group(1);
        String to = matcher.group(2);
        try {
            if (from.isEmpty() && to.isEmpty()) {
                return null;
            }
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                return suffix == 0 ? null : new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            return first > last || first >= size ? null : new long[] {first, last};
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("the artifact ended early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private void ofJob(Context ctx) {
        Hash jobId;
        try {
            jobId = Hash.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_JOB_ID", "a job id is 64 hex characters");
        }
        LedgerState state = ledger.get();
        if (state.job(jobId).isEmpty()) {
            throw refusal(ArtifactError.UNKNOWN_JOB, "no job " + jobId.hex());
        }
        ctx.json(Map.of("jobId", jobId.hex(), "artifacts",
                store.ofJob(jobId).stream().map(artifact -> ArtifactView.of(artifact, state)).toList()));
    }

    private static Hash pathHash(Context ctx) {
        String text = ctx.pathParam("sha256");
        if (!SHA256.matcher(text).matches()) {
            throw refusal(ArtifactError.BAD_ARTIFACT_HASH, "an artifact is named by its sha256: 64 lowercase hex characters");
        }
        return Hash.parse(text);
    }

    private static ApiException refusal(ArtifactError error, String message) {
        return new ApiException(error.status(), error.name(), message);
    }
}
