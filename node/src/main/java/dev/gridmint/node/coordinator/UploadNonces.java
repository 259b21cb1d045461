package dev.gridmint.node.coordinator;

import java.util.HashMap;
import java.util.Map;

/**
 * The nonces of signed uploads seen within the timestamp window. A statement older than the
 * window is refused on its timestamp, so a nonce need only be remembered for that long; after a
 * coordinator restart the memory is empty, and the worst a replay within the window can do is
 * store the same bytes under the same filing again, which changes nothing.
 */
final class UploadNonces {

    private final long windowSeconds;
    private final Map<String, Long> seen = new HashMap<>();

    UploadNonces(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    /** True if the timestamp is within the window around {@code now}. */
    boolean fresh(long timestamp, long now) {
        return Math.abs(now - timestamp) <= windowSeconds;
    }

    /** Records the signer's nonce; false if it was used already. */
    synchronized boolean firstUse(String signer, String nonce, long timestamp, long now) {
        seen.values().removeIf(at -> at < now - 2 * windowSeconds);
        return seen.putIfAbsent(signer + "/" + nonce, timestamp) == null;
    }
}
