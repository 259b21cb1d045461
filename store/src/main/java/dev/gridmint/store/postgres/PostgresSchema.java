package dev.gridmint.store.postgres;

import dev.gridmint.store.StoreException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * The ledger's tables, created and upgraded by Flyway from the SQL files in {@value #LOCATION}. Flyway records
 * each applied file (with its checksum) in {@value #HISTORY_TABLE} inside the ledger's schema, takes a
 * PostgreSQL advisory lock while migrating so two coordinators starting together do not both run a file, and
 * refuses a schema whose applied files were edited afterwards.
 */
final class PostgresSchema {

    static final String LOCATION = "classpath:db/postgres";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private PostgresSchema() {}

    /** Creates the schema if missing and brings it up to this build's latest migration. */
    static void migrate(DataSource dataSource, PostgresUrl url) {
        Flyway flyway = flyway(dataSource, url);
        requireNoFutureVersion(flyway.info(), url);
        flyway.migrate();
    }

    /** A read-only opener must not create or change anything, so it needs a schema a writer already migrated. */
    static void requireLatest(DataSource dataSource, PostgresUrl url) {
        MigrationInfoService info = flyway(dataSource, url).info();
        requireNoFutureVersion(info, url);
        if (info.current() == null || !info.current().isVersioned() || info.current().getVersion() == null
                || info.current().getType().isBaseline()) {
            throw new StoreException(StoreException.Code.IO,
                    url.display() + " schema " + url.schema() + " holds no ledger yet");
        }
        if (info.pending().length > 0) {
            throw new StoreException(StoreException.Code.IO, url.display() + " schema " + url.schema()
                    + " has ledger schema version " + info.current().getVersion() + " but this build reads a newer one;"
                    + " open it read-write once (start the coordinator) to upgrade it");
        }
    }

    /**
     * Flyway by default ignores applied migrations it has no file for, but those mean a newer build wrote the
     * ledger, in a shape this one may misread.
     */
    private static void requireNoFutureVersion(MigrationInfoService info, PostgresUrl url) {
        MigrationInfo[] future = Arrays.stream(info.applied())
                .filter(migration -> migration.getState().name().startsWith("FUTURE"))
                .toArray(MigrationInfo[]::new);
        if (future.length > 0) {
            throw new StoreException(StoreException.Code.CORRUPT, url.display() + " schema " + url.schema()
                    + " has ledger schema version " + future[future.length - 1].getVersion()
                    + ", newer than this build knows; use a newer gridmint");
        }
    }

    private static Flyway flyway(DataSource dataSource, PostgresUrl url) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(url.schema()) // the first schema is Flyway's default: it holds the history and our tables
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .load();
    }
}
