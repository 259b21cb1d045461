package dev.gridmint.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable storage for the ledger: the append-only log of applied transactions and the
 * latest state snapshot. The store knows nothing of what the bytes mean; the node encodes
 * transactions and states with core's codecs.
 *
 * <p>Heights start at 1 and have no gaps. Every implementation passes the same contract
 * test suite ({@code LedgerStoreContract} in this module's test jar).
 */
public interface LedgerStore extends AutoCloseable {

    /** The height of the last appended entry, 0 when the log is empty. */
    long height();

    /**
     * Appends entries atomically: either all of them are durable when this returns, or none
     * is. The first entry's height must be {@code height() + 1} and heights must be
     * consecutive, otherwise {@link StoreException} with {@link StoreException.Code#HEIGHT_GAP}
     * is thrown and nothing is written. An empty list writes nothing.
     */
    void append(List<LogEntry> entries);

    /** Appends one entry; see {@link #append(List)}. */
    default void append(LogEntry entry) {
        append(List.of(entry));
    }

    /**
     * Reads up to {@code limit} entries from {@code fromHeight} (inclusive), in height order; a
     * {@code fromHeight} below 1 reads from the start. The whole result is in memory, so use
     * {@link #forEach} to walk a long log.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    List<LogEntry> read(long fromHeight, int limit);

    /**
     * Streams every entry from {@code fromHeight} (inclusive) in height order, in bounded pages, so memory
     * use does not grow with the log. The consumer may call back into the store. Entries appended while this
     * runs may or may not be visited; the ones visited never have gaps.
     */
    void forEach(long fromHeight, Consumer<LogEntry> consumer);

    /** Stores a snapshot, replacing any older one; a snapshot above {@link #height()} is refused. */
    void saveSnapshot(Snapshot snapshot);

    /** The newest snapshot, if one was saved. */
    Optional<Snapshot> latestSnapshot();

    /** Releases the storage. Idempotent: closing a closed store does nothing. */
    @Override
    void close();
}
