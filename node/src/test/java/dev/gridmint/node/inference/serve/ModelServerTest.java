package dev.gridmint.node.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.ports.PortForwarder;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model server's routes, called over its loopback port and in process through the agent's port tunnel: the same answers. */
class ModelServerTest {

    private static final String STREAM = "{\"model\":\"gridmint-names\",\"messages\":[{\"role\":\"user\",\"content\":\"a name\"}],"
            + "\"max_tokens\":8,\"seed\":42,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    private static final String PLAIN = "{\"model\":\"gridmint-names\",\"messages\":[{\"role\":\"user\",\"content\":\"a name\"}],"
            + "\"max_tokens\":8,\"seed\":42}";

    private static ModelServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = ModelServer.start(ModelLoader.load(List.of("--model", "gridmint-names", "--steps", "50")),
                InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSeededStreamIsTheSameOverTheLoopbackPortAndThroughTheTunnel() throws Exception {
        HttpResponse<String> overHttp = post("/v1/chat/completions", STREAM);
        Relayed inProcess = relay("POST", "/v1/chat/completions", STREAM);

        assertThat(overHttp.statusCode()).isEqualTo(200);
        assertThat(overHttp.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(inProcess.status()).isEqualTo(200);
        assertThat(inProcess.headers()).containsEntry("Content-Type", "text/event-stream");
        assertThat(withoutIds(inProcess.body())).isEqualTo(withoutIds(overHttp.body()));
        assertThat(overHttp.body()).contains("\"usage\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void aPlainAnswerIsTheSameBothWays() throws Exception {
        HttpResponse<String> overHttp = post("/v1/chat/completions", PLAIN);
        Relayed inProcess = relay("POST", "/v1/chat/completions", PLAIN);

        assertThat(overHttp.statusCode()).isEqualTo(200);
        String content = Json.MAPPER.readTree(overHttp.body()).path("choices").path(0).path("message").path("content").asString();
        assertThat(content).isNotEmpty();
        assertThat(Json.MAPPER.readTree(inProcess.body()).path("choices").path(0).path("message").path("content").asString())
                .isEqualTo(content);
    }

    @Test
    void refusalsAreOpenAiErrorsBothWays() throws Exception {
        assertThat(post("/v1/nowhere", PLAIN).statusCode()).isEqualTo(404);
        assertThat(relay("POST", "/v1/nowhere", PLAIN).status()).isEqualTo(404);

        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(uri("/v1/chat/completions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.MAPPER.readTree(wrongMethod.body()).path("error").path("code").asString()).isEqualTo("method_not_allowed");

        String huge = "{\"model\":\"gridmint-names\",\"prompt\":\"" + "a".repeat(ModelServer.MAX_BODY_BYTES) + "\"}";
        assertThat(post("/v1/completions", huge).statusCode()).isEqualTo(413);
        Relayed tooLarge = relay("POST", "/v1/completions", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("request_too_large");

        assertThat(relay("POST", "/v1/embeddings", "{\"model\":\"gridmint-names\",\"input\":\"x\"}").status()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private record Relayed(int status, Map<String, String> headers, String body) {}

    /** The request as the agent's port tunnel makes it to a model it serves in process. */
    private static Relayed relay(String method, String path, String body) throws InterruptedException {
        var forwarder = new PortForwarder();
        forwarder.expose("job", ServingJob.PORT, server);
        List<AgentMessage> pieces = new CopyOnWriteArrayList<>();
        forwarder.forward(new AgentMessage.ProxyRequest("s", "job", ServingJob.PORT, method, path, Map.of("Content-Type", "application/json"),
                Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))), pieces::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pieces.stream().noneMatch(AgentMessage.ProxyEnd.class::isInstance) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        var head = (AgentMessage.ProxyHead) pieces.getFirst();
        var bytes = new ByteArrayOutputStream();
        for (AgentMessage piece : pieces) {
            String data = piece instanceof AgentMessage.ProxyHead h ? h.data() : piece instanceof AgentMessage.ProxyChunk c ? c.data() : null;
            if (data != null) {
                bytes.writeBytes(Base64.getDecoder().decode(data));
            }
        }
        assertThat(pieces.getLast()).isEqualTo(new AgentMessage.ProxyEnd("s", null, null));
        return new Relayed(head.status(), head.headers(), bytes.toString(StandardCharsets.UTF_8));
    }

    /** Each answer has an id of its own. */
    private static String withoutIds(String events) {
        return events.replaceAll("\"id\":\"chatcmpl-[0-9a-f-]+\"", "\"id\":\"-\"");
    }
}
