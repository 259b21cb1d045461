package dev.gridmint.node.client;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads {@code text/event-stream} lines into events: a name ({@code message} if none) and its data lines joined. */
final class ServerSentEvents {

    record Event(String name, String data) {}

    private final Iterator<String> lines;

    ServerSentEvents(Stream<String> lines) {
        this.lines = lines.iterator();
    }

    /** The next event, or empty when the stream ends. Comments, ids and retry hints are skipped. */
    Optional<Event> next() {
        String name = "message";
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name, data.toString()));
                }
                name = "message";
            } else if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                String value = line.substring("data:".length());
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }
}
