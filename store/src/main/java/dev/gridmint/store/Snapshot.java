package dev.gridmint.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The encoded ledger state after the entry at {@code height}. A restart loads it and replays
 * only the entries above it.
 */
public record Snapshot(long height, byte[] state, byte[] stateRoot) {

    public Snapshot {
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
        state = state.clone();
        stateRoot = stateRoot.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that
                && height == that.height
                && Arrays.equals(state, that.state)
                && Arrays.equals(stateRoot, that.stateRoot);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(height) * 31 + Arrays.hashCode(stateRoot);
    }

    @Override
    public String toString() {
        return "Snapshot[height=" + height + ", state=" + state.length + " bytes, stateRoot="
                + HexFormat.of().formatHex(stateRoot) + "]";
    }
}
