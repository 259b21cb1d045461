package dev.gridmint.node.inference.gateway;

import dev.gridmint.node.coordinator.AgentHub;
import dev.gridmint.node.coordinator.Tunnel;
import dev.gridmint.node.inference.serve.ServingJob;
import dev.gridmint.node.protocol.AgentMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * One whole (non-streamed) request to one provider's model server through the port tunnel, answered
 * in full or not at all. The spot checker's re-runs use it: they go to a provider of its choosing,
 * bypass the client's key and meter, and nobody waits on them.
 */
final class ProviderCall {

    /** The provider's status and body. */
    record Answer(int status, byte[] body) {}

    private static final Duration POLL = Duration.ofMillis(100);

    private final Tunnel tunnel;
    private final AgentHub agents;
    private final Duration timeout;

    ProviderCall(Tunnel tunnel, AgentHub agents, Duration timeout) {
        this.tunnel = tunnel;
        this.agents = agents;
        this.timeout = timeout;
    }

    /** Empty when the provider could not be reached, went away, or did not finish within the timeout. */
    Optional<Answer> post(Router.Route route, String path, byte[] body) throws InterruptedException {
        try (Tunnel.Stream stream = tunnel.open(route.provider(), route.jobId())) {
            if (!stream.send(new AgentMessage.ProxyRequest(stream.id(), route.jobId().hex(), ServingJob.PORT, "POST", path,
                    Map.of("Content-Type", "application/json"), Base64.getEncoder().encodeToString(body)))) {
                return Optional.empty();
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            int status = -1;
            var bytes = new ByteArrayOutputStream();
            while (System.nanoTime() < deadline) {
                AgentMessage piece = stream.next(POLL);
                switch (piece) {
                    case AgentMessage.ProxyHead head -> {
                        status = head.status();
                        if (head.data() != null) {
                            bytes.writeBytes(Base64.getDecoder().decode(head.data()));
                        }
                    }
                    case AgentMessage.ProxyChunk chunk -> bytes.writeBytes(Base64.getDecoder().decode(chunk.data()));
                    case AgentMessage.ProxyEnd end -> {
                        return end.error() == null && status > 0 ? Optional.of(new Answer(status, bytes.toByteArray())) : Optional.empty();
                    }
                    case null -> {
                        if (!stream.isOpen() || !agents.connectedProviders().contains(route.provider())) {
                            return Optional.empty();
                        }
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            stream.cancel();
            return Optional.empty();
        }
    }
}
