package dev.gridmint.store.sqlite;

import dev.gridmint.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The ledger schema as an ordered list of numbered migrations. Each one that a file has not seen yet
 * runs in the same transaction as the others and is recorded in {@code schema_version}, so a crash
 * half-way leaves the file at its old version, and a newer build can add a migration without touching
 * the ones already on operators' disks.
 */
final class Migrations {

    record Migration(int version, List<String> statements) {}

    /** Append only: a released migration is never edited; a change is a new, higher-numbered entry. */
    static final List<Migration> ALL = List.of(
            new Migration(1, List.of(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                    "CREATE TABLE log (height INTEGER PRIMARY KEY CHECK (height >= 1),"
                            + " tx BLOB NOT NULL, state_root BLOB NOT NULL)",
                    // A single-row table: the fixed slot makes "keep only the newest" a plain upsert.
                    "CREATE TABLE snapshot (slot INTEGER PRIMARY KEY CHECK (slot = 1),"
                            + " height INTEGER NOT NULL CHECK (height >= 0), state BLOB NOT NULL,"
                            + " state_root BLOB NOT NULL)")));

    private Migrations() {}

    static int latestVersion() {
        return ALL.getLast().version();
    }

    /** Brings the file up to {@link #latestVersion()}; refuses files this build does not understand. */
    static void migrate(Handle handle, Path file) {
        handle.useTransaction(tx -> {
            int current = currentVersion(tx, file);
            for (Migration migration : ALL) {
                if (migration.version() > current) {
                    migration.statements().forEach(tx::execute);
                    tx.execute("INSERT INTO schema_version (version, applied_at)"
                            + " VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", migration.version());
                }
            }
        });
    }

    /** A read-only opener cannot migrate, so it needs a file that a writer already brought up to date. */
    static void requireLatest(Handle handle, Path file) {
        int current = currentVersion(handle, file);
        if (current == 0) {
            throw new StoreException(StoreException.Code.IO, file + " holds no ledger yet");
        }
        if (current < latestVersion()) {
            throw new StoreException(StoreException.Code.IO, file + " has ledger schema version " + current
                    + " but this build reads version " + latestVersion()
                    + "; open it read-write once (start the coordinator) to upgrade it");
        }
    }

    static int currentVersion(Handle handle, Path file) {
        boolean tracked = handle.createQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
                .mapTo(Integer.class).one() == 1;
        if (!tracked) {
            int tables = handle.createQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
                    .mapTo(Integer.class).one();
            if (tables > 0) {
                // Someone else's database: adding our tables to it would hide the mistake.
                throw new StoreException(StoreException.Code.CORRUPT,
                        file + " is a SQLite database but not a Gridmint ledger (it has no schema_version table)");
            }
            return 0;
        }
        int version = handle.createQuery("SELECT coalesce(max(version), 0) FROM schema_version")
                .mapTo(Integer.class).one();
        if (version > latestVersion()) {
            throw new StoreException(StoreException.Code.CORRUPT, file + " has ledger schema version " + version
                    + ", newer than this build knows (" + latestVersion() + "); use a newer gridmint");
        }
        return version;
    }
}
