package dev.gridmint.node.acceptance.dsl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A subscriber to the coordinator's server-sent events, read with the JDK HttpClient. A reader
 * thread parses the stream into events; tests wait for the one they expect.
 */
public final class EventTap implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** One server-sent event: its name ({@code event:}) and its data, lines joined with newlines. */
    public record Event(String name, String data) {}

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    private EventTap(InputStream body) {
        this.body = body;
        this.reader = Thread.ofVirtual().name("event-tap").start(this::read);
    }

    /** Opens the stream and waits for the coordinator's {@code hello}, so events after this are seen. */
    public static EventTap open(String url) {
        HttpResponse<InputStream> response;
        try {
            response = HttpClient.newHttpClient()
                    .sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not open " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode());
        }
        var tap = new EventTap(response.body());
        tap.await("hello", data -> true);
        return tap;
    }

    /** Skips events until one named {@code name} whose data matches; returns it. */
    public Event await(String name, Predicate<String> data) {
        return until(name, data, WAIT).getLast();
    }

    /**
     * Takes events until one named {@code name} whose data matches, within {@code timeout}; returns every
     * event taken, the match last, so a test can look at what came before it.
     */
    public List<Event> until(String name, Predicate<String> data, Duration timeout) {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event;
            try {
                event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (event == null) {
                throw new AssertionError("no '" + name + "' event that matches within " + timeout);
            }
            taken.add(event);
            if (event.name().equals(name) && data.test(event.data())) {
                return taken;
            }
        }
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring("data:".length());
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
                // "id:", "retry:" and ":" comments (keep-alives) carry nothing a test waits for.
            }
        } catch (IOException closed) {
            // the tap or the coordinator closed the stream
        }
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        reader.interrupt();
    }
}
