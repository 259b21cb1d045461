package dev.gridmint.node.protocol;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the link, as a WebSocket listener: joins text frames into whole messages and
 * hands each one on decoded; a message that does not decode is logged and skipped.
 */
public class AgentLink implements WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

    private final StringBuilder partial = new StringBuilder();
    private final Consumer<WebSocket> opened;
    private final Consumer<AgentMessage> received;

    /** {@code opened} runs before any message arrives, so replies to the coordinator's challenge have a socket. */
    public AgentLink(Consumer<WebSocket> opened, Consumer<AgentMessage> received) {
        this.opened = opened;
        this.received = received;
    }

    @Override
    public final void onOpen(WebSocket ws) {
        opened.accept(ws);
        ws.request(1);
    }

    @Override
    public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                received.accept(AgentMessage.decode(text));
            } catch (RuntimeException e) {
                LOG.warn("bad message from the coordinator: {}", e.getMessage());
            }
        }
        ws.request(1);
        return null;
    }
}
