package dev.gridmint.node.coordinator;

import dev.gridmint.node.json.Json;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for dashboards and the CLI: every ledger change, every progress report and
 * every provider coming or going, as JSON. A client that lags or leaves is dropped, never waited on.
 *
 * <p>{@link #publish} only queues the event: the JSON and the writes to every client happen on the
 * stream's own thread, so the group committer and the scheduler, which publish every ledger change,
 * never wait on a socket or a serializer. Events keep the order they were published in.
 */
public final class EventStream {

    /** Events queued at most; past it the stream is too far behind, and every client is dropped rather than the publisher held up. */
    static final int MAX_QUEUED = 65_536;
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private record Event(String name, Object body) {}

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread fanOut = Thread.ofPlatform().name("event-stream").daemon().unstarted(this::fanOut);

    public EventStream() {
        fanOut.start();
    }

    public void attach(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent("hello", Json.write(Map.of("clients", clients.size())));
    }

    public void publish(String event, Object body) {
        if (clients.isEmpty()) {
            return; // nobody listens: not even the JSON is made
        }
        if (!queue.offer(new Event(event, body))) {
            LOG.warn("the event stream is {} events behind: every client is dropped", MAX_QUEUED);
            dropClients();
        }
    }

    private void fanOut() {
        List<Event> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            for (Event event : batch) {
                send(event.name(), Json.write(event.body()));
            }
            batch.clear();
        }
    }

    private void send(String event, String data) {
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

    /** Closes every client and stops the stream's thread: the coordinator is shutting down. */
    public void closeAll() {
        fanOut.interrupt();
        dropClients();
    }

    private void dropClients() {
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
