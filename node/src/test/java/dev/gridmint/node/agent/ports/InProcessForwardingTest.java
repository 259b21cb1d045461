package dev.gridmint.node.agent.ports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.service.LocalService;
import dev.gridmint.node.service.ServiceCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The port tunnel calling a service in the agent's own process (a built-in model server) instead of a loopback port. */
class InProcessForwardingTest {

    private final PortForwarder forwarder = new PortForwarder();
    private final List<AgentMessage> replies = new CopyOnWriteArrayList<>();

    @Test
    void aWholeAnswerIsOneHeadCarryingItsBodyThenTheEnd() throws Exception {
        serve(call -> call.respond(201, Map.of("Content-Type", "application/json"),
                (call.method() + " " + call.path() + " " + new String(call.body(100), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));

        forward("POST", "/v1/things?x=1", "hello", replies::add);

        List<AgentMessage> pieces = awaitEnd();
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0)).isInstanceOfSatisfying(AgentMessage.ProxyHead.class, head -> {
            assertThat(head.status()).isEqualTo(201);
            assertThat(head.headers()).containsEntry("Content-Type", "application/json");
            assertThat(text(head.data())).isEqualTo("POST /v1/things hello");
        });
        assertThat(pieces.get(1)).isEqualTo(new AgentMessage.ProxyEnd("s", null, null));
    }

    @Test
    void aStreamSendsItsHeadWithTheFirstFlushAndEveryByteInOrderBeforeTheEnd() throws Exception {
        serve(call -> {
            OutputStream out = call.stream(200, Map.of("Content-Type", "text/event-stream"));
            for (int i = 0; i < 40; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });

        forward("GET", "/events", null, replies::add);

        List<AgentMessage> pieces = awaitEnd();
        assertThat(pieces.getFirst()).isInstanceOfSatisfying(AgentMessage.ProxyHead.class,
                head -> assertThat(text(head.data())).isEqualTo("data: 0\n\n"));
        assertThat(pieces.getLast()).isEqualTo(new AgentMessage.ProxyEnd("s", null, null));
        assertThat(body(pieces)).isEqualTo(expectedEvents(40));
    }

    @Test
    void whatIsFlushedWhileTheLinkIsBusyGoesOutTogether() throws Exception {
        serve(call -> {
            OutputStream out = call.stream(200, Map.of());
            for (int i = 0; i < 40; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });

        // A link that takes 20 ms per message: the service's 40 flushes cannot each have a message of their own.
        forward("GET", "/events", null, piece -> {
            replies.add(piece);
            sleep(Duration.ofMillis(20));
        });

        List<AgentMessage> pieces = awaitEnd();
        assertThat(pieces).hasSizeLessThan(10);
        assertThat(body(pieces)).isEqualTo(expectedEvents(40));
    }

    @Test
    void aServiceThatAnswersNothingOrFailsIsReportedAfterWhatItSent() throws Exception {
        serve(call -> { });
        forward("GET", "/", null, replies::add);
        assertThat(awaitEnd()).singleElement().isInstanceOfSatisfying(AgentMessage.ProxyEnd.class,
                end -> assertThat(end.error()).isEqualTo("SERVICE_FAILED"));

        replies.clear();
        serve(call -> {
            OutputStream out = call.stream(200, Map.of());
            out.write("data: 0\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the model ran out of memory");
        });
        forward("GET", "/", null, replies::add);
        List<AgentMessage> pieces = awaitEnd();
        assertThat(body(pieces)).isEqualTo("data: 0\n\n");
        assertThat(pieces.getLast()).isInstanceOfSatisfying(AgentMessage.ProxyEnd.class, end -> {
            assertThat(end.error()).isEqualTo("SERVICE_FAILED");
            assertThat(end.message()).contains("ran out of memory");
        });
    }

    @Test
    void aServiceThatFailsBeforeItsFirstFlushSendsTheFailureAloneSoAnotherProviderCanBeTried() throws Exception {
        serve(call -> {
            OutputStream out = call.stream(200, Map.of());
            out.write("data: half an ev".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("the model failed to load");
        });

        forward("GET", "/", null, replies::add);

        assertThat(awaitEnd()).singleElement().isInstanceOfSatisfying(AgentMessage.ProxyEnd.class,
                end -> assertThat(end.error()).isEqualTo("SERVICE_FAILED"));
    }

    @Test
    void aCancelledStreamFailsTheServicesNextWriteAndSendsNoEnd() throws Exception {
        var started = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        var stopped = new CountDownLatch(1);
        serve(call -> {
            OutputStream out = call.stream(200, Map.of());
            try {
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                started.countDown();
                while (true) {
                    out.write("data: more\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(Duration.ofMillis(5));
                }
            } catch (IOException e) {
                failure.set(e);
                throw e;
            } finally {
                stopped.countDown();
            }
        });
        Thread.ofVirtual().start(() -> forward("GET", "/", null, replies::add));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        forwarder.cancel("s");

        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isInstanceOf(IOException.class).hasMessageContaining("went away");
        sleep(Duration.ofMillis(100));
        assertThat(replies).noneMatch(AgentMessage.ProxyEnd.class::isInstance);
    }

    @Test
    void theBodyLimitAndTheRequestChecksHoldForInProcessServicesToo() throws Exception {
        var refused = new AtomicReference<Exception>();
        serve(call -> {
            try {
                call.body(3);
            } catch (ServiceCall.BodyTooLargeException e) {
                refused.set(e);
                call.respond(413, Map.of(), new byte[0]);
            }
        });
        forward("POST", "/", "four", replies::add);
        assertThat(awaitEnd().getFirst()).isInstanceOfSatisfying(AgentMessage.ProxyHead.class, head -> {
            assertThat(head.status()).isEqualTo(413);
            assertThat(head.data()).isNull();
        });
        assertThat(refused.get()).hasMessageContaining("larger than 3 bytes");

        replies.clear();
        forward("CONNECT", "/", null, replies::add);
        forward("GET", "@127.0.0.1:22/", null, replies::add);
        assertThat(replies).extracting(reply -> ((AgentMessage.ProxyEnd) reply).error()).containsExactly("BAD_PROXY_REQUEST", "BAD_PROXY_REQUEST");
    }

    private void serve(LocalService service) {
        forwarder.expose("job-1", 8000, service);
    }

    private void forward(String method, String path, String body, Consumer<AgentMessage> reply) {
        forwarder.forward(new AgentMessage.ProxyRequest("s", "job-1", 8000, method, path, Map.of(),
                body == null ? null : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))), reply);
    }

    /** The pieces once the end has come (it may follow the service's return, from the thread that sends). */
    private List<AgentMessage> awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (replies.stream().noneMatch(AgentMessage.ProxyEnd.class::isInstance) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return List.copyOf(replies);
    }

    private static String body(List<AgentMessage> pieces) {
        var bytes = new ByteArrayOutputStream();
        for (AgentMessage piece : pieces) {
            String data = switch (piece) {
                case AgentMessage.ProxyHead head -> head.data();
                case AgentMessage.ProxyChunk chunk -> chunk.data();
                default -> null;
            };
            if (data != null) {
                bytes.writeBytes(Base64.getDecoder().decode(data));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String expectedEvents(int count) {
        var expected = new StringBuilder();
        for (int i = 0; i < count; i++) {
            expected.append("data: ").append(i).append("\n\n");
        }
        return expected.toString();
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
