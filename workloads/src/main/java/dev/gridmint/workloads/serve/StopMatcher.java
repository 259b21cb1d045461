package dev.gridmint.workloads.serve;

import java.util.List;
import java.util.function.Consumer;

/**
 * Passes generated text on as it comes, except that text which could still become a stop sequence is
 * held back until it cannot; the stop sequence itself is never passed on, as the OpenAI API does.
 */
public final class StopMatcher {

    private final List<String> stops;
    private final Consumer<String> out;
    private final StringBuilder emitted = new StringBuilder();
    private final StringBuilder pending = new StringBuilder();

    public StopMatcher(List<String> stops, Consumer<String> out) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.out = out;
    }

    /** Takes the next piece; true when a stop sequence was completed (generation should end). */
    public boolean accept(String piece) {
        pending.append(piece);
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0) {
                pending.setLength(at);
                flush(pending.length());
                return true;
            }
        }
        flush(pending.length() - heldBack());
        return false;
    }

    /** Everything passed on, after the rest of the held-back text is released. */
    public String finish() {
        flush(pending.length());
        return emitted.toString();
    }

    /** The longest tail of the pending text that is the start of some stop sequence. */
    private int heldBack() {
        int longest = 0;
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, pending.length()); n > longest; n--) {
                if (pending.substring(pending.length() - n).equals(stop.substring(0, n))) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }

    private void flush(int count) {
        if (count > 0) {
            String text = pending.substring(0, count);
            pending.delete(0, count);
            emitted.append(text);
            out.accept(text);
        }
    }
}
