package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.PortAccess;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code /v1/jobs/{id}/ports/{port}/...}: the tenant's URL for a port its job serves. The request
 * travels to the provider's agent over the agent's own outbound WebSocket, so a provider behind NAT
 * can serve, and the response comes back as the service writes it. Only the job's tenant gets in,
 * with a {@link PortAccess} pass in the {@value #ACCESS_HEADER} header or the {@value #ACCESS_QUERY} query parameter.
 */
final class PortProxy {

    static final String ACCESS_HEADER = "X-Gridmint-Access";
    static final String ACCESS_QUERY = "access";
    /** How long the service may take to start answering, and to send each next piece. */
    static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Requests in flight per job: a tenant's browser opens a handful; more is a flood. */
    static final int MAX_STREAMS_PER_JOB = 32;
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "keep-alive", "transfer-encoding",
            "upgrade", "te", "trailer", "proxy-connection", ACCESS_HEADER.toLowerCase(Locale.ROOT));

    private final String networkId;
    private final Supplier<LedgerState> ledger;
    private final Tunnel tunnel;

    PortProxy(String networkId, Supplier<LedgerState> ledger, Tunnel tunnel) {
        this.networkId = networkId;
        this.ledger = ledger;
        this.tunnel = tunnel;
    }

    void handle(Context ctx) throws IOException {
        Hash jobId = HttpApi.jobId(ctx);
        int port = port(ctx.pathParam("port"));
        LedgerState state = ledger.get();
        Job job = state.job(jobId).orElseThrow(() -> new ApiException(404, "UNKNOWN_JOB", "no job " + jobId));
        authorize(ctx, state, job, port);
        // A gang's ports are served by its first running member (seat 0 while it runs).
        Lease lease = job.runningLeases().stream().findFirst()
                .orElseThrow(() -> new ApiException(409, "JOB_NOT_RUNNING", "job " + jobId + " is " + job.status() + ", not running"));
        if (tunnel.openFor(jobId) >= MAX_STREAMS_PER_JOB) {
            throw new ApiException(429, "TOO_MANY_STREAMS", "at most " + MAX_STREAMS_PER_JOB + " requests per job at once");
        }
        try (Tunnel.Stream stream = tunnel.open(lease.provider(), jobId)) {
            if (!stream.send(request(ctx, stream.id(), jobId, port))) {
                throw new ApiException(503, "PROVIDER_OFFLINE", lease.provider() + " is not connected");
            }
            respond(ctx, stream);
        }
    }

    private void authorize(Context ctx, LedgerState state, Job job, int port) {
        String text = ctx.header(ACCESS_HEADER) != null ? ctx.header(ACCESS_HEADER) : ctx.queryParam(ACCESS_QUERY);
        if (text == null) {
            throw new ApiException(401, "ACCESS_REQUIRED", "a job's ports need the tenant's pass (gridmint job url) in "
                    + ACCESS_HEADER + " or ?" + ACCESS_QUERY + "=");
        }
        PortAccess access = PortAccess.parse(text)
                .orElseThrow(() -> new ApiException(401, "MALFORMED", "not a port pass: <tenant>.<expires>.<signature>"));
        if (!access.tenant().equals(job.tenant())) {
            throw new ApiException(403, "NOT_JOB_TENANT", "only the job's tenant may reach its ports");
        }
        if (!access.signedFor(networkId, job.id(), port)) {
            throw new ApiException(401, "BAD_SIGNATURE", "the pass is not the tenant's signature for this job and port");
        }
        long now = state.clock().now();
        if (access.expires() < now) {
            throw new ApiException(401, "ACCESS_EXPIRED", "the pass expired at ledger second " + access.expires());
        }
        if (access.expires() > now + PortAccess.MAX_LIFETIME_SECONDS) {
            throw new ApiException(400, "ACCESS_TOO_LONG", "a pass is valid for at most " + PortAccess.MAX_LIFETIME_SECONDS + " s");
        }
    }

    private static AgentMessage.ProxyRequest request(Context ctx, String id, Hash jobId, int port) {
        String rest = ctx.pathParamMap().getOrDefault("path", "");
        String query = ctx.queryParamMap().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(ACCESS_QUERY))
                .flatMap(entry -> entry.getValue().stream().map(value -> encode(entry.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        byte[] body = ctx.bodyAsBytes();
        return new AgentMessage.ProxyRequest(id, jobId.hex(), port, ctx.method().name(), "/" + rest + (query.isEmpty() ? "" : "?" + query),
                headers, body.length == 0 ? null : Base64.getEncoder().encodeToString(body));
    }

    /** Copies the agent's answer to the tenant as it arrives; a tenant that leaves cancels the stream at the provider. */
    private void respond(Context ctx, Tunnel.Stream stream) throws IOException {
        AgentMessage first = next(stream, FIRST_BYTE_TIMEOUT);
        if (first instanceof AgentMessage.ProxyEnd end) {
            throw failed(end);
        }
        if (!(first instanceof AgentMessage.ProxyHead head)) {
            throw new ApiException(502, "BAD_PROXY_REPLY", "the agent answered out of order");
        }
        ctx.status(head.status());
        head.headers().forEach((name, value) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                ctx.header(name, value);
            }
        });
        // The servlet's own stream: Javalin's buffers (for compression) would hold a stream back until it ends.
        OutputStream out = ctx.res().getOutputStream();
        try {
            if (head.data() != null) {
                out.write(Base64.getDecoder().decode(head.data()));
                out.flush();
            }
            for (AgentMessage piece = next(stream, IDLE_TIMEOUT); !(piece instanceof AgentMessage.ProxyEnd); piece = next(stream, IDLE_TIMEOUT)) {
                if (piece instanceof AgentMessage.ProxyChunk chunk) {
                    out.write(Base64.getDecoder().decode(chunk.data()));
                    out.flush();
                }
            }
        } catch (IOException | ApiException cut) {
            // The status is already sent: a tenant who left, or a service gone quiet, ends the body where it is.
            stream.cancel();
        }
    }

    private static AgentMessage next(Tunnel.Stream stream, Duration timeout) {
        try {
            AgentMessage piece = stream.next(timeout);
            if (piece == null) {
                throw new ApiException(504, "TIMEOUT", "the service sent nothing for " + timeout.toSeconds() + " s");
            }
            return piece;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the coordinator is stopping");
        }
    }

    private static ApiException failed(AgentMessage.ProxyEnd end) {
        int status = "PORT_NOT_EXPOSED".equals(end.error()) ? 404 : 502;
        return new ApiException(status, end.error(), end.message() == null ? "the provider could not reach the service" : end.message());
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new ApiException(400, "MALFORMED", "a port is a number from 1 to 65535");
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
