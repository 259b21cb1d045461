package dev.gridmint.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh, empty schema of its own on the test server and drops it afterwards. Register it as a
 * static {@code @RegisterExtension} field: its before-each callback runs before any {@code @BeforeEach} method, so
 * the contract suite's {@code newStore()} already sees this test's schema.
 *
 * <p>The server is {@code postgres://postgres@127.0.0.1:5432/test} unless {@code GRIDMINT_TEST_POSTGRES_URL}
 * names another. An unreachable server fails the class; {@code GRIDMINT_SKIP_POSTGRES=1} skips it instead.
 */
public final class PostgresTestSchemas implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    static final String BASE_URL = System.getenv().getOrDefault(
            "GRIDMINT_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

    /** Seeded (from 0) so schema names repeat from run to run; see {@link #beforeEach}. */
    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * Schema names are deterministic, so two builds on one machine would pick the same ones. Each test class holds
     * this session-level advisory lock while it runs, which makes concurrent builds take turns instead.
     */
    private static final long RUN_LOCK_KEY = 0x67726964_6d696e74L; // "gridmint"

    private Connection admin;
    private String schema;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        PostgresUrl url = PostgresUrl.parse(BASE_URL);
        try {
            DriverManager.setLoginTimeout(5);
            admin = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at " + url.display() + " (" + e.getMessage() + ")."
                    + " Start it, point GRIDMINT_TEST_POSTGRES_URL at one, or set GRIDMINT_SKIP_POSTGRES=1 to skip"
                    + " the PostgreSQL store tests.";
            if ("1".equals(System.getenv("GRIDMINT_SKIP_POSTGRES"))) {
                Assumptions.abort("GRIDMINT_SKIP_POSTGRES=1: " + reason);
            }
            fail(reason, e);
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("SET lock_timeout = '300s'");
            statement.execute("SELECT pg_advisory_lock(" + RUN_LOCK_KEY + ")");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        String seed = context.getUniqueId() + "#" + COUNTER.getAndIncrement();
        schema = "gm_test_" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        // A run killed half-way leaves its schema behind; the lock above guarantees nobody else is using it.
        drop(schema);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        drop(schema);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (admin != null) {
            admin.close(); // also releases the advisory lock
        }
    }

    /** This test's schema; the store creates it on its first read-write open. */
    public String schema() {
        return schema;
    }

    /** A {@code postgres://} location for this test's schema. */
    public String url() {
        return withSchema(schema);
    }

    /** A {@code postgres://} location for another schema on the test server. */
    String withSchema(String name) {
        return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "schema=" + name;
    }

    /** The driver URL, credentials included, for this test's schema. */
    String jdbcUrl() {
        PostgresUrl url = PostgresUrl.parse(url());
        String jdbc = url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + "schema=" + schema;
        return url.user() == null ? jdbc : jdbc + "&user=" + url.user();
    }

    /** The test's own connection to the server, for checks and tampering behind the store's back. */
    Connection admin() {
        return admin;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private void drop(String name) throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
