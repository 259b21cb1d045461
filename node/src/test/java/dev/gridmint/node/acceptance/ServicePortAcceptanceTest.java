package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.PortAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that serves gets a tenant URL on the coordinator, relayed to the provider over the agent's own
 * outbound link: requests and bodies go through, streams stay streams, and only the job's tenant,
 * holding a pass for that port, gets in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicePortAcceptanceTest {

    private static final int PORT = 8080;

    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch secondEvent = new CountDownLatch(1);
    private TestNetwork network;
    private HttpServer service;
    private JobHandle job;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        network = TestNetwork.start(dir);
        ProviderNode provider = network.provider("server").start(1 * CC);
        job = network.tenant("alice").submitsTraining(1_000_000, 100_000);
        job.awaitStatus("LEASED");
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/hello", exchange -> reply(exchange, 200, "hi " + exchange.getRequestURI().getRawQuery()));
        service.createContext("/echo", exchange -> reply(exchange, 201, exchange.getRequestMethod() + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        service.createContext("/events", this::events);
        service.start();
        provider.ports().expose(job.id().hex(), PORT, service.getAddress().getPort());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.stop(0);
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void theTenantReachesTheServiceThroughTheCoordinator() throws Exception {
        HttpResponse<String> hello = get("/hello?x=1&y=two&access=" + pass("alice", PORT, 3600));
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hi x=1&y=two");

        HttpResponse<String> echo = http.send(HttpRequest.newBuilder(url("/echo"))
                .header("X-Gridmint-Access", pass("alice", PORT, 3600))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hello\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(echo.statusCode()).isEqualTo(201);
        assertThat(echo.body()).isEqualTo("POST {\"prompt\":\"hello\"}");
    }

    @Test
    void aStreamArrivesAsTheServiceWritesIt() throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url("/events?access=" + pass("alice", PORT, 3600))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The service holds the second event back until the first has reached the tenant.
            assertThat(lines.readLine()).isEqualTo("data: 1");
            secondEvent.countDown();
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("data: 2");
        }
    }

    @Test
    void onlyTheTenantWithAPassForThisPortGetsIn() throws Exception {
        assertRefused(get("/hello"), 401, "ACCESS_REQUIRED");
        assertRefused(get("/hello?access=nonsense"), 401, "MALFORMED");
        assertRefused(get("/hello?access=" + pass("mallory", PORT, 3600)), 403, "NOT_JOB_TENANT");
        String otherPort = pass("alice", PORT + 1, 3600);
        assertRefused(get("/hello?access=" + otherPort), 401, "BAD_SIGNATURE");
        assertRefused(get("/hello?access=" + pass("alice", PORT, -10)), 401, "ACCESS_EXPIRED");
        assertRefused(get("/hello?access=" + pass("alice", PORT, 30 * 24 * 3600)), 400, "ACCESS_TOO_LONG");
        HttpResponse<String> unexposed = http.send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/jobs/" + job.id().hex()
                + "/ports/" + (PORT + 1) + "/hello?access=" + otherPort)).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(unexposed, 404, "PORT_NOT_EXPOSED");
        HttpResponse<String> noJob = http.send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/jobs/" + "ab".repeat(32)
                + "/ports/" + PORT + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(noJob, 404, "UNKNOWN_JOB");
    }

    private String pass(String tenant, int port, long lifetimeSeconds) {
        long expires = network.state().clock().now() + lifetimeSeconds;
        return PortAccess.sign(TestNetwork.key(tenant), network.networkId(), job.id(), port, expires).text();
    }

    private URI url(String pathAndQuery) {
        return URI.create(network.url() + "/v1/jobs/" + job.id().hex() + "/ports/" + PORT + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(url(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Json.MAPPER.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }

    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                if (!secondEvent.await(20, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write("data: 2\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
