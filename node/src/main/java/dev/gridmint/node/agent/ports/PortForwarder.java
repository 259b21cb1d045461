package dev.gridmint.node.agent.ports;

import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.service.LocalService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's end of the service-port tunnel. A job that serves (an inference server, a notebook)
 * has its ports exposed here by whatever runs it: a container's port is mapped to a loopback port on
 * this machine, and a built-in model server, which runs in the agent's own process, is called in process
 * ({@link LocalService}). A tenant's request relayed by the coordinator is made against that service
 * only, and the response goes back as it is written, so streams (SSE, chunked) stay streams. Nothing
 * else on the machine is reachable.
 */
public final class PortForwarder {

    /** One message's worth of body: small enough to interleave with heartbeats, large enough to be cheap. */
    public static final int CHUNK_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PortForwarder.class);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Headers that describe one hop, not the message; the JDK client sets its own. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "keep-alive", "transfer-encoding",
            "upgrade", "expect", "te", "trailer", "proxy-authorization", "proxy-connection", "http2-settings");
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");

    /** HTTP/1.1 to loopback services: the default (HTTP/2) sends an h2c upgrade with every new connection, which they refuse. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<Integer, Target>> exposed = new ConcurrentHashMap<>();
    /** How to stop each stream in flight: close the service's response, or fail the in-process service's next write. */
    private final Map<String, Runnable> streams = new ConcurrentHashMap<>();
    private final Duration lateBy;

    public PortForwarder() {
        this(Duration.ZERO);
    }

    /** TEST ONLY: an agent that answers every request {@code lateBy} late (a slow provider for the hedging tests). */
    public PortForwarder(Duration lateBy) {
        this.lateBy = lateBy;
    }

    /** Where an exposed port's requests go. */
    private sealed interface Target {
        /** A service listening on this machine's loopback interface (a container's published port). */
        record Loopback(int port) implements Target {}

        /** A service in the agent's own process (a built-in model server), called without a socket. */
        record InProcess(LocalService service) implements Target {}
    }

    /** Job {@code jobId}'s service port {@code port} is served at {@code 127.0.0.1:localPort} on this machine. */
    public void expose(String jobId, int port, int localPort) {
        expose(jobId, port, new Target.Loopback(localPort));
    }

    /** Job {@code jobId}'s service port {@code port} is served by {@code service}, in this process. */
    public void expose(String jobId, int port, LocalService service) {
        expose(jobId, port, new Target.InProcess(service));
    }

    private void expose(String jobId, int port, Target target) {
        exposed.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>()).put(port, target);
    }

    /** The job ended: its ports are no longer reachable. */
    public void close(String jobId) {
        exposed.remove(jobId);
    }

    /** Makes the tenant's request and sends the response back through {@code reply}; blocks until it is done. */
    public void forward(AgentMessage.ProxyRequest request, Consumer<AgentMessage> reply) {
        Target target = exposed.getOrDefault(request.jobId(), Map.of()).get(request.port());
        if (target == null) {
            reply.accept(end(request, "PORT_NOT_EXPOSED", "job " + request.jobId() + " serves no port " + request.port() + " here"));
            return;
        }
        try {
            checked(request);
            if (lateBy.isPositive()) {
                Thread.sleep(lateBy);
            }
            switch (target) {
                case Target.Loopback(int localPort) -> overLoopback(request, localPort, reply);
                case Target.InProcess(LocalService service) -> inProcess(request, service, reply);
            }
        } catch (IllegalArgumentException e) {
            reply.accept(end(request, "BAD_PROXY_REQUEST", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.accept(end(request, "SERVICE_UNREACHABLE", "the agent is stopping"));
        }
    }

    private void overLoopback(AgentMessage.ProxyRequest request, int localPort, Consumer<AgentMessage> reply) throws InterruptedException {
        try {
            HttpResponse<InputStream> response = http.send(outgoing(request, localPort), HttpResponse.BodyHandlers.ofInputStream());
            reply.accept(new AgentMessage.ProxyHead(request.stream(), response.statusCode(), headers(response)));
            relay(request.stream(), response.body(), reply);
            reply.accept(new AgentMessage.ProxyEnd(request.stream(), null, null));
        } catch (IOException e) {
            reply.accept(end(request, "SERVICE_UNREACHABLE", "port " + request.port() + " did not answer: " + e.getMessage()));
        }
    }

    private void inProcess(AgentMessage.ProxyRequest request, LocalService service, Consumer<AgentMessage> reply) {
        var call = new TunnelCall(request, body(request), reply);
        streams.put(request.stream(), call::cancel);
        try {
            service.serve(call);
            call.end(new AgentMessage.ProxyEnd(request.stream(), null, null));
        } catch (IOException | RuntimeException e) {
            if (streams.containsKey(request.stream())) {
                LOG.warn("the service for job {} failed on {}: {}", request.jobId(), request.path(), e.toString());
                call.end(end(request, "SERVICE_FAILED", "the service failed: " + e.getMessage()));
            }
        } finally {
            streams.remove(request.stream());
        }
    }

    /** The tenant went away: stop reading, which closes the connection to the service. */
    public void cancel(String stream) {
        Runnable stop = streams.remove(stream);
        if (stop != null) {
            stop.run();
        }
    }

    private void relay(String stream, InputStream body, Consumer<AgentMessage> reply) throws IOException {
        streams.put(stream, () -> closeQuietly(body));
        try (body) {
            byte[] buffer = new byte[CHUNK_BYTES];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                read += readWaiting(body, buffer, read);
                if (read > 0) {
                    reply.accept(new AgentMessage.ProxyChunk(stream, BASE64.encodeToString(Arrays.copyOf(buffer, read))));
                }
            }
        } catch (IOException e) {
            if (!streams.containsKey(stream)) {
                LOG.debug("stream {} cancelled by the tenant", stream);
                return;
            }
            throw e;
        } finally {
            streams.remove(stream);
        }
    }

    /**
     * Adds to the {@code filled} bytes of {@code buffer} what the service has already sent, without waiting for more: a
     * burst of small writes (one per streamed event) travels as one piece instead of one message per event.
     */
    private static int readWaiting(InputStream body, byte[] buffer, int filled) throws IOException {
        int added = 0;
        while (filled + added < buffer.length && body.available() > 0) {
            int read = body.read(buffer, filled + added, Math.min(body.available(), buffer.length - filled - added));
            if (read <= 0) {
                break;
            }
            added += read;
        }
        return added;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }

    /** The method and path, checked before either kind of service sees them. */
    private static void checked(AgentMessage.ProxyRequest request) {
        if (request.method() == null || !METHODS.contains(request.method().toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method " + request.method() + " is not relayed");
        }
        if (request.path() == null || !PATH.matcher(request.path()).matches()) {
            throw new IllegalArgumentException("the path is absolute and printable ASCII");
        }
    }

    private static byte[] body(AgentMessage.ProxyRequest request) {
        return request.body() == null ? new byte[0] : Base64.getDecoder().decode(request.body());
    }

    private static HttpRequest outgoing(AgentMessage.ProxyRequest request, int localPort) {
        String method = request.method().toUpperCase(Locale.ROOT);
        byte[] body = body(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + localPort + request.path()))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, value) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }

    private static Map<String, String> headers(HttpResponse<?> response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, String.join(", ", values));
            }
        });
        return headers;
    }

    private static AgentMessage.ProxyEnd end(AgentMessage.ProxyRequest request, String code, String message) {
        return new AgentMessage.ProxyEnd(request.stream(), code, message);
    }
}
