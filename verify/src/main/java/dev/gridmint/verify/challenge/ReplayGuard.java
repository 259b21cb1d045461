package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The challenge ids a checker has already accepted a response for, the most recent
 * {@code capacity} of them. A checker only answers for challenges it still has outstanding, so the
 * capacity needs to exceed its outstanding challenges, not its history: an evicted id belongs to a
 * challenge whose deadline is long past.
 */
public final class ReplayGuard {

    private final Map<Hash, Boolean> seen;

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen; false for a replay. */
    public boolean admit(Hash challengeId) {
        return seen.putIfAbsent(challengeId, Boolean.TRUE) == null;
    }
}
