package dev.gridmint.store;

import dev.gridmint.store.postgres.PostgresLedgerStore;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/** Opens a {@link LedgerStore} from one configuration string, so callers need not know the backends. */
public final class LedgerStores {

    private LedgerStores() {}

    /**
     * Opens the ledger at {@code location}, picking the backend by its form:
     * <ul>
     *   <li>{@code postgres://user:password@host:5432/database?schema=name} (or {@code postgresql://}), or a driver
     *       URL {@code jdbc:postgresql://host:5432/database?user=name&schema=name}: PostgreSQL, see
     *       {@link PostgresLedgerStore}; the schema defaults to {@code gridmint};</li>
     *   <li>anything else: a data directory for the embedded SQLite store, see {@link SqliteLedgerStore#open(Path)};
     *       the ledger is the file {@value SqliteLedgerStore#FILE_NAME} in it.</li>
     * </ul>
     * A read-write open creates what is missing (directory and file, or schema and tables) and migrates old
     * schemas; a read-only open creates and changes nothing, needs a ledger a writer already set up, and returns a
     * store whose writes throw {@link StoreException} with {@link StoreException.Code#IO}.
     *
     * @throws StoreException {@code IO} for a malformed location or unreachable storage, {@code CORRUPT} for storage
     *     that holds something other than a ledger this build can read
     */
    public static LedgerStore open(String location, boolean readOnly) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            // Path.of("") is the working directory: a ledger there by accident is worse than an error.
            throw new StoreException(StoreException.Code.IO, "no ledger location given");
        }
        if (PostgresLedgerStore.accepts(location)) {
            return readOnly ? PostgresLedgerStore.openReadOnly(location) : PostgresLedgerStore.open(location);
        }
        Path dataDir;
        try {
            dataDir = Path.of(location);
        } catch (InvalidPathException e) {
            throw new StoreException(StoreException.Code.IO, "'" + location + "' is neither a PostgreSQL URL nor a"
                    + " usable directory path: " + e.getMessage(), e);
        }
        return readOnly ? SqliteLedgerStore.openReadOnly(dataDir) : SqliteLedgerStore.open(dataDir);
    }
}
