package dev.gridmint.node.agent.ports;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gridmint.node.protocol.AgentMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortForwarderTest {

    private final PortForwarder forwarder = new PortForwarder();
    private final List<AgentMessage> replies = new ArrayList<>();
    private HttpServer service;

    @BeforeEach
    void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Model")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Served-By", "test");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        service.start();
        forwarder.expose("job-1", 8080, service.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        service.stop(0);
    }

    @Test
    void forwardsTheRequestAndRelaysHeadBodyAndEnd() {
        forwarder.forward(request("job-1", 8080, "GET", "/v1/models?x=1", Map.of("X-Model", "names", "Host", "evil")), replies::add);

        assertThat(replies).hasSize(3);
        assertThat(replies.get(0)).isInstanceOfSatisfying(AgentMessage.ProxyHead.class, head -> {
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("x-served-by", "test");
        });
        assertThat(replies.get(1)).isInstanceOfSatisfying(AgentMessage.ProxyChunk.class, chunk ->
                assertThat(new String(Base64.getDecoder().decode(chunk.data()), StandardCharsets.UTF_8)).isEqualTo("GET /v1/models?x=1 names"));
        assertThat(replies.get(2)).isEqualTo(new AgentMessage.ProxyEnd("s", null, null));
    }

    @Test
    void onlyExposedPortsOfTheJobAreReachable() {
        forwarder.forward(request("job-1", 9090, "GET", "/", Map.of()), replies::add);
        forwarder.forward(request("job-2", 8080, "GET", "/", Map.of()), replies::add);
        forwarder.close("job-1");
        forwarder.forward(request("job-1", 8080, "GET", "/", Map.of()), replies::add);

        assertThat(replies).extracting(reply -> ((AgentMessage.ProxyEnd) reply).error())
                .containsExactly("PORT_NOT_EXPOSED", "PORT_NOT_EXPOSED", "PORT_NOT_EXPOSED");
    }

    @Test
    void requestsThatCouldEscapeTheServiceAreRefused() {
        forwarder.forward(request("job-1", 8080, "CONNECT", "/", Map.of()), replies::add);
        forwarder.forward(request("job-1", 8080, "GET", "@127.0.0.1:22/", Map.of()), replies::add);
        forwarder.forward(request("job-1", 8080, "GET", "/a b", Map.of()), replies::add);
        forwarder.forward(request("job-1", 8080, "GET", "/", Map.of("X-Bad", "a\r\nInjected: 1")), replies::add);

        assertThat(replies).extracting(reply -> ((AgentMessage.ProxyEnd) reply).error()).containsOnly("BAD_PROXY_REQUEST").hasSize(4);
    }

    @Test
    void aServiceThatIsNotListeningIsReportedUnreachable() {
        service.stop(0);

        forwarder.forward(request("job-1", 8080, "GET", "/", Map.of()), replies::add);

        assertThat(replies).singleElement().isInstanceOfSatisfying(AgentMessage.ProxyEnd.class,
                end -> assertThat(end.error()).isEqualTo("SERVICE_UNREACHABLE"));
    }

    private static AgentMessage.ProxyRequest request(String job, int port, String method, String path, Map<String, String> headers) {
        return new AgentMessage.ProxyRequest("s", job, port, method, path, headers, null);
    }
}
