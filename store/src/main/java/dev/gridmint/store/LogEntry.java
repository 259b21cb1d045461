package dev.gridmint.store;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One applied transaction in the log.
 *
 * @param height position in the log, from 1
 * @param tx the signed transaction exactly as it was received and applied
 * @param stateRoot the state root after applying it, so a replay can be checked entry by entry
 */
public record LogEntry(long height, byte[] tx, byte[] stateRoot) {

    public LogEntry {
        if (height < 1) {
            throw new IllegalArgumentException("height starts at 1, got " + height);
        }
        tx = tx.clone();
        stateRoot = stateRoot.clone();
    }

    @Override
    public byte[] tx() {
        return tx.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEntry that
                && height == that.height
                && Arrays.equals(tx, that.tx)
                && Arrays.equals(stateRoot, that.stateRoot);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(height) * 31 + Arrays.hashCode(stateRoot);
    }

    @Override
    public String toString() {
        return "LogEntry[height=" + height + ", tx=" + tx.length + " bytes, stateRoot="
                + HexFormat.of().formatHex(stateRoot) + "]";
    }
}
