package dev.gridmint.store.sql;

import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import dev.gridmint.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The ledger over SQL tables {@code log(height, tx, state_root)} and a one-row {@code snapshot}: the
 * queries every SQL backend shares. A backend supplies how it reads and writes (connections,
 * transactions, error translation) and what its dialect does differently.
 */
public abstract class SqlLedgerStore implements LedgerStore {

    /** Rows read per page by {@link #forEach}. */
    public static final int PAGE_SIZE = 1_000;

    private final Jdbi jdbi;
    private volatile boolean closed;

    protected SqlLedgerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What went wrong, as a store error that names this store. */
    protected abstract StoreException translate(String action, JdbiException error);

    /** Runs a read on a connection of its own, translating driver errors to {@link StoreException}. */
    protected final <T> T read(String action, HandleCallback<T, RuntimeException> query) {
        requireOpen();
        try {
            return jdbi.withHandle(query);
        } catch (JdbiException e) {
            throw translate(action, e);
        }
    }

    protected final Jdbi jdbi() {
        return jdbi;
    }

    protected final void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    protected final boolean isClosed() {
        return closed;
    }

    /** Marks the store closed; true only for the first call, so closing twice is harmless. */
    protected final synchronized boolean markClosed() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    /** Runs a write in one transaction, translating driver errors; refuses on a read-only store. */
    protected abstract void write(String action, HandleConsumer<RuntimeException> work);

    /** Keeps other writers out of the log until this transaction ends, where the database needs telling. */
    protected void lockLogForAppend(Handle transaction) {}

    /** Inserts or replaces the one snapshot row; parameters are height, state and state root. */
    protected abstract String upsertSnapshotSql();

    @Override
    public long height() {
        return read("read the height of", SqlLedgerStore::height);
    }

    @Override
    public void append(List<LogEntry> entries) {
        List<LogEntry> batch = List.copyOf(entries);
        write("append to", tx -> {
            if (batch.isEmpty()) {
                return;
            }
            lockLogForAppend(tx);
            // Plain JDBC on the transaction's connection: one prepared statement, every row added to one
            // driver batch. Going through JDBI's argument binding cost more than the insert itself.
            Connection connection = tx.getConnection();
            try {
                // Checked inside the transaction so that a writer elsewhere cannot slip in between.
                requireConsecutive(batch, height(connection) + 1);
                try (PreparedStatement insert = connection.prepareStatement(INSERT_LOG)) {
                    for (LogEntry entry : batch) {
                        insert.setLong(1, entry.height());
                        insert.setBytes(2, entry.tx());
                        insert.setBytes(3, entry.stateRoot());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            } catch (SQLException e) {
                // The same exception JDBI raises for a failed statement, so the backend translates it as before.
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    @Override
    public List<LogEntry> read(long fromHeight, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return read("read the log of", handle -> List.copyOf(handle
                .createQuery("SELECT height, tx, state_root FROM log WHERE height >= ? ORDER BY height LIMIT ?")
                .bind(0, fromHeight)
                .bind(1, limit)
                .map((rs, ctx) -> new LogEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .list()));
    }

    /**
     * Each page is a separate short read and the consumer runs with no connection held, so a slow
     * consumer pins neither a connection nor an old snapshot of the database (which would hold back
     * SQLite's WAL checkpoints or PostgreSQL's VACUUM), and it may call back into this store. Appends
     * commit whole batches, so every page is a gap-free stretch of the log.
     */
    @Override
    public void forEach(long fromHeight, Consumer<LogEntry> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        long next = fromHeight;
        while (true) {
            List<LogEntry> page = read(next, PAGE_SIZE);
            page.forEach(consumer);
            if (page.size() < PAGE_SIZE) {
                return;
            }
            next = page.getLast().height() + 1;
        }
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        write("save a snapshot to", tx -> {
            Connection connection = tx.getConnection();
            try {
                // No lock needed: the log only grows, so a height seen here stays valid until commit.
                long height = height(connection);
                if (snapshot.height() > height) {
                    throw new StoreException(StoreException.Code.SNAPSHOT_AHEAD_OF_LOG,
                            "snapshot at height " + snapshot.height() + " is ahead of the log at height " + height);
                }
                try (PreparedStatement upsert = connection.prepareStatement(upsertSnapshotSql())) {
                    upsert.setLong(1, snapshot.height());
                    upsert.setBytes(2, snapshot.state());
                    upsert.setBytes(3, snapshot.stateRoot());
                    upsert.executeUpdate();
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    @Override
    public Optional<Snapshot> latestSnapshot() {
        return read("read the snapshot from", handle -> handle
                .createQuery("SELECT height, state, state_root FROM snapshot WHERE slot = 1")
                .map((rs, ctx) -> new Snapshot(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .findOne());
    }

    private static final String INSERT_LOG = "INSERT INTO log (height, tx, state_root) VALUES (?, ?, ?)";
    private static final String MAX_HEIGHT = "SELECT coalesce(max(height), 0) FROM log";

    private static long height(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(MAX_HEIGHT); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long height(Handle handle) {
        return handle.createQuery(MAX_HEIGHT).mapTo(Long.class).one();
    }

    private static void requireConsecutive(List<LogEntry> batch, long expected) {
        for (LogEntry entry : batch) {
            if (entry.height() != expected) {
                throw new StoreException(StoreException.Code.HEIGHT_GAP, "expected an entry at height " + expected
                        + " but got " + entry.height() + "; none of the " + batch.size() + " entries was written");
            }
            expected++;
        }
    }
}
