package dev.gridmint.store.sqlite;

import dev.gridmint.store.StoreException;
import dev.gridmint.store.sql.SqlLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A {@link LedgerStore} in one SQLite file, by default {@value #FILE_NAME} in the node's data directory.
 *
 * <p>Thread safety: any number of threads may read while one writes. Writes go through a single long-lived
 * connection and are serialized by a lock; every read opens its own short-lived connection, which WAL mode
 * lets run beside the writer without blocking it. The same holds across processes: a store opened with
 * {@link #openReadOnly(Path)} in another process reads the log while the coordinator appends.
 */
public final class SqliteLedgerStore extends SqlLedgerStore {

    /** The file that {@link #open(Path)} and {@link #openReadOnly(Path)} use inside a data directory. */
    public static final String FILE_NAME = "ledger.db";

    /** Rows per {@link #forEach} query: enough to amortise the query, too few to matter for memory. */

    /**
     * How long a connection waits on another's lock (the writer's commit or checkpoint, a second process)
     * before giving up with an error; long enough to ride out any normal commit, short enough to report a
     * stuck process instead of hanging.
     */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Path file;
    private final Handle writer; // null when read-only
    private final Object writeLock = new Object();

    private SqliteLedgerStore(Path file, Jdbi jdbi, Handle writer) {
        super(jdbi);
        this.file = file;
        this.writer = writer;
    }

    /** Opens, creating if needed, the ledger in {@code dataDir} (which is created too) for reading and writing. */
    public static SqliteLedgerStore open(Path dataDir) {
        return openFile(dataDir.resolve(FILE_NAME));
    }

    /**
     * Opens the existing ledger in {@code dataDir} for reading only, for tools that run beside the process
     * that writes it. Writes throw {@link StoreException} with {@link StoreException.Code#IO}.
     */
    public static SqliteLedgerStore openReadOnly(Path dataDir) {
        return openFileReadOnly(dataDir.resolve(FILE_NAME));
    }

    /** Like {@link #open(Path)}, for an explicit database file; its parent directories are created. */
    public static SqliteLedgerStore openFile(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new StoreException(StoreException.Code.IO,
                    "could not create the directory for " + absolute + ": " + e.getMessage(), e);
        }
        Jdbi jdbi = Jdbi.create(dataSource(absolute, false));
        Handle writer = null;
        try {
            writer = jdbi.open();
            Migrations.migrate(writer, absolute);
            return new SqliteLedgerStore(absolute, jdbi, writer);
        } catch (RuntimeException e) {
            RuntimeException failure = e instanceof JdbiException ? SqliteErrors.translate("open", absolute, e) : e;
            if (writer != null) {
                try {
                    writer.close();
                } catch (RuntimeException closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            throw failure;
        }
    }

    /** Like {@link #openReadOnly(Path)}, for an explicit database file. */
    public static SqliteLedgerStore openFileReadOnly(Path file) {
        Path absolute = file.toAbsolutePath();
        // Checked up front because SQLite would otherwise report a missing file as a vague CANTOPEN.
        if (!Files.isRegularFile(absolute)) {
            throw new StoreException(StoreException.Code.IO, "no ledger at " + absolute);
        }
        Jdbi jdbi = Jdbi.create(dataSource(absolute, true));
        try {
            jdbi.useHandle(handle -> Migrations.requireLatest(handle, absolute));
        } catch (JdbiException e) {
            throw SqliteErrors.translate("open", absolute, e);
        }
        return new SqliteLedgerStore(absolute, jdbi, null);
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        if (readOnly) {
            config.setReadOnly(true);
        } else {
            // WAL: readers never block the writer or each other. FULL: WAL mode with NORMAL may lose the
            // last commits on power loss; FULL syncs the WAL on every commit, so append is durable on return.
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
    }

    /** The database file, absolute. */
    public Path file() {
        return file;
    }

    /** Whether this store was opened with {@link #openReadOnly} and so refuses writes. */
    public boolean isReadOnly() {
        return writer == null;
    }

    /** Idempotent. Closing the writer's connection also checkpoints the WAL back into the main file. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (!markClosed()) {
                return;
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (JdbiException e) {
                    throw SqliteErrors.translate("close", file, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteLedgerStore[" + file + (isReadOnly() ? ", read-only" : "") + (isClosed() ? ", closed" : "") + "]";
    }

    @Override
    protected String upsertSnapshotSql() {
        return "INSERT OR REPLACE INTO snapshot (slot, height, state, state_root) VALUES (1, ?, ?, ?)";
    }

    @Override
    protected StoreException translate(String action, JdbiException error) {
        return SqliteErrors.translate(action, file, error);
    }

    @Override
    protected void write(String action, HandleConsumer<RuntimeException> work) {
        if (writer == null) {
            throw new StoreException(StoreException.Code.IO,
                    "cannot " + action + " " + file + ": it was opened read-only");
        }
        synchronized (writeLock) {
            requireOpen();
            // The transaction stays DEFERRED (the driver's default) rather than IMMEDIATE: sqlite-jdbc begins the
            // next transaction right after each commit, and under IMMEDIATE a lock timeout there would report a
            // failed append that had in fact committed. The checks stay sound: WAL gives the transaction one
            // snapshot, and if a writer in another process holds or has moved past it, our first write fails at
            // once (SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT, reported as IO, nothing written) instead of mixing in.
            // Only one process is meant to write, so that path is a misconfiguration, not a hot one.
            try {
                writer.useTransaction(work);
            } catch (JdbiException e) {
                throw translate(action, e);
            }
        }
    }
}
