package dev.gridmint.node.coordinator;

import dev.gridmint.node.json.Json;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-sent events for dashboards and the CLI: every ledger change, every progress report and
 * every provider coming or going, as JSON. A client that lags or leaves is dropped, never waited on.
 */
public final class EventStream {

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    public void attach(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent("hello", Json.write(Map.of("clients", clients.size())));
    }

    public void publish(String event, Object body) {
        String data = Json.write(body);
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
                continue;
            }
            try {
                client.sendEvent(event, data);
            } catch (RuntimeException gone) {
                clients.remove(client);
            }
        }
    }

    public void closeAll() {
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
