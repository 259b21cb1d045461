package dev.gridmint.cli.bench;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentLink;
import dev.gridmint.node.protocol.AgentMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A provider's link for the orders bench: it logs in on the agent WebSocket as a real agent does
 * (challenge, signed hello, heartbeats), so the coordinator counts the provider online, and takes
 * its leases without running them, so the bench measures the market and not the workloads.
 */
final class IdleAgent implements AutoCloseable {

    private final Keypair key;
    private final ScheduledExecutorService timers;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeats;

    private IdleAgent(Keypair key, ScheduledExecutorService timers) {
        this.key = key;
        this.timers = timers;
    }

    /** Connects and logs in; returns once the coordinator has welcomed the provider. */
    static IdleAgent connect(HttpClient http, String coordinatorUrl, Keypair key, ScheduledExecutorService timers) {
        var agent = new IdleAgent(key, timers);
        URI uri = URI.create(coordinatorUrl.replaceFirst("^http", "ws") + "/v1/agent");
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new AgentLink(ws -> agent.socket = ws, agent::onMessage)).join();
        agent.welcomed.orTimeout(10, TimeUnit.SECONDS).join();
        return agent;
    }

    private void onMessage(AgentMessage message) {
        switch (message) {
            case AgentMessage.Challenge challenge -> send(AgentAuth.answer(key, challenge));
            case AgentMessage.Welcome welcome -> {
                long millis = Math.max(50, welcome.heartbeatMillis());
                heartbeats = timers.scheduleAtFixedRate(() -> send(new AgentMessage.Heartbeat(null)), millis, millis,
                        TimeUnit.MILLISECONDS);
                welcomed.complete(null);
            }
            case AgentMessage.Error error -> welcomed.completeExceptionally(
                    new IllegalStateException("the coordinator refused the agent: " + error.code() + " " + error.message()));
            default -> { } // leases and the rest: taken, never run
        }
    }

    private synchronized void send(AgentMessage message) {
        socket.sendText(AgentMessage.encode(message), true).join();
    }

    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        socket.abort();
    }

}
