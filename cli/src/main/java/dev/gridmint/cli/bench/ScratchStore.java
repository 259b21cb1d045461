package dev.gridmint.cli.bench;

import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStores;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A fresh, empty ledger store for one benchmark stage, removed afterwards: SQLite in a temporary
 * directory, or a new schema in a PostgreSQL database.
 */
sealed interface ScratchStore {

    String label();

    /** Runs {@code body} on a new store and removes the store afterwards. */
    <T> T use(StoreBody<T> body) throws IOException;

    @FunctionalInterface
    interface StoreBody<T> {
        T run(LedgerStore store) throws IOException;
    }

    static ScratchStore sqlite() {
        return new Sqlite();
    }

    /** {@code url}: {@code postgres://user[:password]@host[:port]/database}, without a schema. */
    static ScratchStore postgres(String url) {
        URI uri = URI.create(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme()) || uri.getQuery() != null) {
            throw new dev.gridmint.cli.UserError("--postgres takes postgres://user@host:5432/database, without a schema");
        }
        return new Postgres(uri);
    }

    record Sqlite() implements ScratchStore {
        @Override
        public String label() {
            return "SQLite";
        }

        @Override
        public <T> T use(StoreBody<T> body) throws IOException {
            Path dir = Files.createTempDirectory("gridmint-bench");
            try (var store = SqliteLedgerStore.open(dir)) {
                return body.run(store);
            } finally {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    record Postgres(URI uri) implements ScratchStore {
        @Override
        public String label() {
            return "PostgreSQL";
        }

        @Override
        public <T> T use(StoreBody<T> body) throws IOException {
            byte[] suffix = new byte[6];
            new SecureRandom().nextBytes(suffix);
            String schema = "gm_bench_" + HexFormat.of().formatHex(suffix);
            try (var store = LedgerStores.open(uri + "?schema=" + schema, false)) {
                return body.run(store);
            } finally {
                dropSchema(schema);
            }
        }

        private void dropSchema(String schema) {
            var properties = new Properties();
            String[] user = uri.getUserInfo() == null ? new String[0] : uri.getUserInfo().split(":", 2);
            if (user.length > 0) {
                properties.setProperty("user", user[0]);
            }
            if (user.length > 1) {
                properties.setProperty("password", user[1]);
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
            try (var connection = DriverManager.getConnection(jdbc, properties);
                    var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("cannot drop the benchmark's schema " + schema, e));
            }
        }
    }
}
