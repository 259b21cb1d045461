package dev.gridmint.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gridmint.store.StoreException;
import dev.gridmint.store.sql.SqlLedgerStore;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A {@link LedgerStore} in a schema of a PostgreSQL database, for deployments that run the database as a
 * service (replication, backups, several coordinators, analytics).
 *
 * <p>Locations: {@code postgres://user:password@host:5432/database?schema=name} (also {@code postgresql://};
 * other query parameters go to the driver) or a driver URL {@code jdbc:postgresql://host/database?user=...}, where
 * {@code schema=} (or the driver's {@code currentSchema=}) names the schema too. Without one the schema is
 * {@value PostgresUrl#DEFAULT_SCHEMA}. A read-write open creates the schema and its tables (Flyway migrations).
 *
 * <p>Thread safety: any number of threads, and other processes on the same schema, may read and write. Each call
 * borrows a pooled connection; appends are serialized by a table lock taken inside their transaction, so two
 * writers never interleave: the later one sees the moved height and fails with {@code HEIGHT_GAP}.
 */
public final class PostgresLedgerStore extends SqlLedgerStore {

    /** Rows per {@link #forEach} query: enough to amortise the round trip, too few to matter for memory. */

    /** Pool size: the coordinator's writer plus a few concurrent readers (API, verifier) per process. */
    private static final int MAX_CONNECTIONS = 8;

    /**
     * How long to wait for a connection, for the server at open, or for another writer's table lock: long enough
     * to ride out a normal commit or failover blip, short enough to report a stuck peer instead of hanging.
     */
    private static final long TIMEOUT_MS = 10_000;

    private final PostgresUrl url;
    private final HikariDataSource pool;
    private final boolean readOnly;

    private PostgresLedgerStore(PostgresUrl url, HikariDataSource pool, boolean readOnly) {
        super(Jdbi.create(pool));
        this.url = url;
        this.pool = pool;
        this.readOnly = readOnly;
    }

    /** Whether {@code location} names a PostgreSQL ledger (by its scheme); it may still be malformed. */
    public static boolean accepts(String location) {
        return PostgresUrl.isPostgres(location);
    }

    /**
     * Opens the ledger at {@code location} for reading and writing, creating the schema and migrating it if needed.
     *
     * @throws StoreException {@code IO} for a malformed location or an unreachable server, {@code CORRUPT} for a
     *     schema that holds something other than a Gridmint ledger or one written by a newer build
     */
    public static PostgresLedgerStore open(String location) {
        PostgresUrl url = PostgresUrl.parse(location);
        HikariDataSource pool = pool(url, false);
        try {
            PostgresSchema.migrate(pool, url);
            return new PostgresLedgerStore(url, pool, false);
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof FlywayException ? PostgresErrors.translate("open", url, e) : e;
        }
    }

    /**
     * Opens an existing ledger for reading only, for tools that run beside the coordinator. It creates and migrates
     * nothing; writes throw {@link StoreException} with {@link StoreException.Code#IO}.
     */
    public static PostgresLedgerStore openReadOnly(String location) {
        PostgresUrl url = PostgresUrl.parse(location);
        HikariDataSource pool = pool(url, true);
        try {
            PostgresSchema.requireLatest(pool, url);
            return new PostgresLedgerStore(url, pool, true);
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof FlywayException ? PostgresErrors.translate("open", url, e) : e;
        }
    }

    private static HikariDataSource pool(PostgresUrl url, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gridmint-ledger-" + url.schema());
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        // Every pooled connection resolves the unqualified table names to the ledger's schema, and only to it.
        config.setSchema(url.schema());
        if (readOnly) {
            // Belt and braces: the server itself refuses writes from a read-only store's connections, also outside
            // explicit transactions (the driver's default mode only marks explicit ones read-only).
            config.setReadOnly(true);
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(TIMEOUT_MS);
        config.addDataSourceProperty("connectTimeout", String.valueOf(TIMEOUT_MS / 1000));
        try {
            // Hikari connects once here (initializationFailTimeout), so a wrong host or role fails at open.
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw PostgresErrors.translate("connect to", url, e);
        }
    }

    /** The schema that holds the ledger. */
    public String schema() {
        return url.schema();
    }

    /** Whether this store was opened with {@link #openReadOnly} and so refuses writes. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Idempotent. Closes the pool; the data stays on the server. */
    @Override
    public void close() {
        if (markClosed()) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresLedgerStore[" + url.display() + ", schema " + url.schema() + (readOnly ? ", read-only" : "")
                + (isClosed() ? ", closed" : "") + "]";
    }

    @Override
    protected String upsertSnapshotSql() {
        return "INSERT INTO snapshot (slot, height, state, state_root) VALUES (1, ?, ?, ?)"
                + " ON CONFLICT (slot) DO UPDATE SET height = excluded.height, state = excluded.state,"
                + " state_root = excluded.state_root";
    }

    /**
     * SHARE ROW EXCLUSIVE conflicts with itself and with inserts but not with plain reads: writers (in
     * this process or another) queue here while readers carry on. Under READ COMMITTED the next statement
     * takes a fresh snapshot, so the height read after it includes whatever the previous holder committed.
     */
    @Override
    protected void lockLogForAppend(Handle transaction) {
        transaction.execute("LOCK TABLE log IN SHARE ROW EXCLUSIVE MODE");
    }

    @Override
    protected StoreException translate(String action, JdbiException error) {
        return PostgresErrors.translate(action, url, error);
    }

    @Override
    protected void write(String action, HandleConsumer<RuntimeException> work) {
        if (readOnly) {
            throw new StoreException(StoreException.Code.IO,
                    "cannot " + action + " " + url.display() + " schema " + url.schema() + ": it was opened read-only");
        }
        requireOpen();
        try {
            jdbi().useTransaction(tx -> {
                // lock_timeout: a stuck writer elsewhere turns into an IO error, not a hang. synchronous_commit:
                // append promises durability on return, so a server or role configured with 'off' or 'local' is
                // raised to 'on' for this transaction; stronger settings (remote_write, remote_apply) are kept.
                tx.createQuery("SELECT set_config('lock_timeout', :timeout, true) AS lock_timeout,"
                                + " set_config('synchronous_commit', CASE WHEN current_setting('synchronous_commit')"
                                + " IN ('off', 'local') THEN 'on' ELSE current_setting('synchronous_commit') END, true) AS sync")
                        .bind("timeout", TIMEOUT_MS + "ms")
                        .mapToMap().one();
                work.useHandle(tx);
            });
        } catch (JdbiException e) {
            throw translate(action, e);
        }
    }
}
