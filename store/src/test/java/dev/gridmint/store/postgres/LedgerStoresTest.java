package dev.gridmint.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStores;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.StoreException;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The factory; it lives beside the PostgreSQL tests because it needs their test server for the URL forms. */
class LedgerStoresTest {

    @RegisterExtension
    static final PostgresTestSchemas DB = new PostgresTestSchemas();

    @TempDir
    Path dir;

    @Test
    void aDirectoryPathOpensTheEmbeddedSqliteStore() {
        Path dataDir = dir.resolve("node");

        try (LedgerStore store = LedgerStores.open(dataDir.toString(), false)) {
            assertThat(store).isInstanceOf(SqliteLedgerStore.class);
            store.append(new LogEntry(1, new byte[] {1}, new byte[] {2}));
        }
        try (LedgerStore reader = LedgerStores.open(dataDir.toString(), true)) {
            assertThat(reader).isInstanceOfSatisfying(SqliteLedgerStore.class,
                    sqlite -> assertThat(sqlite.isReadOnly()).isTrue());
            assertThat(reader.height()).isEqualTo(1);
        }
        assertThat(dataDir.resolve(SqliteLedgerStore.FILE_NAME)).isRegularFile();
    }

    @Test
    void postgresUrlsOpenThePostgresStoreInBothForms() {
        try (LedgerStore store = LedgerStores.open(DB.url(), false)) {
            assertThat(store).isInstanceOf(PostgresLedgerStore.class);
            store.append(new LogEntry(1, new byte[] {1}, new byte[] {2}));
        }
        try (LedgerStore reader = LedgerStores.open(DB.jdbcUrl(), true)) {
            assertThat(reader).isInstanceOfSatisfying(PostgresLedgerStore.class,
                    postgres -> assertThat(postgres.isReadOnly()).isTrue());
            assertThat(reader.height()).isEqualTo(1);
        }
    }

    @Test
    void aMalformedPostgresUrlIsNotMistakenForADirectory() {
        assertThatThrownBy(() -> LedgerStores.open("postgres://no-database-here", false))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.code()).isEqualTo(StoreException.Code.IO);
                    assertThat(e.getMessage()).contains("malformed PostgreSQL location");
                });
        assertThat(Path.of("postgres:")).doesNotExist();
    }

    @Test
    void aBlankLocationIsRefused() {
        assertThatThrownBy(() -> LedgerStores.open(" ", false)).isInstanceOf(StoreException.class);
    }
}
