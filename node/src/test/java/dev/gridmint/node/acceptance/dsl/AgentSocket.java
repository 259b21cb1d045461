package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hand-driven agent connection: a JDK WebSocket to {@code /v1/agent} that the test answers
 * message by message. It plays a misbehaving agent, or a well-behaved one that takes leases and
 * never runs them.
 */
public final class AgentSocket implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** How the coordinator ended the connection. */
    public record Closed(int statusCode, String reason) {}

    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private AgentSocket(String url) {
        try {
            this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), new Listener())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not connect to " + url, e);
        }
    }

    public static AgentSocket connect(String url) {
        return new AgentSocket(url);
    }

    /** Sends a text frame, whatever it holds. */
    public AgentSocket sendText(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    public AgentSocket send(AgentMessage message) {
        return sendText(AgentMessage.encode(message));
    }

    /** The next text the coordinator sent, as it came. */
    public String nextText(Duration timeout) {
        try {
            String text = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no message from the coordinator within " + timeout
                        + (closed.isDone() ? "; the connection is closed: " + closed.join() : ""));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next message the coordinator sent. */
    public AgentMessage next() {
        return AgentMessage.decode(nextText(WAIT));
    }

    /** The next message, which must be of that type. */
    public <M extends AgentMessage> M next(Class<M> type) {
        AgentMessage message = next();
        if (!type.isInstance(message)) {
            throw new AssertionError("expected a " + type.getSimpleName() + " from the coordinator, got " + message);
        }
        return type.cast(message);
    }

    /** The first thing on every connection. */
    public AgentMessage.Challenge challenge() {
        return next(AgentMessage.Challenge.class);
    }

    /** Answers the challenge with this key, as a real agent does, and expects a welcome. */
    public AgentMessage.Welcome login(Keypair key) {
        send(AgentAuth.answer(key, challenge()));
        return next(AgentMessage.Welcome.class);
    }

    /** Waits until the coordinator closes the connection, and says how. */
    public Closed awaitClosed() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the coordinator did not close the connection within " + WAIT, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
