package dev.gridmint.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStoreContract;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import dev.gridmint.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLedgerStoreTest extends LedgerStoreContract {

    @RegisterExtension
    static final PostgresTestSchemas DB = new PostgresTestSchemas();

    private PostgresLedgerStore current;

    @Override
    protected LedgerStore newStore() {
        current = PostgresLedgerStore.open(DB.url());
        return current;
    }

    @Override
    protected LedgerStore reopen() {
        current.close();
        current = PostgresLedgerStore.open(DB.url());
        return current;
    }

    @Test
    void flywayRecordsTheMigrationOnceInTheLedgersSchema() throws SQLException {
        PostgresLedgerStore.open(DB.url()).close(); // a second open: must not re-run V1

        assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + DB.schema()
                + "' ORDER BY table_name")).containsExactly("flyway_schema_history", "log", "snapshot");
        assertThat(query("SELECT version FROM " + DB.schema() + ".flyway_schema_history"
                + " WHERE success AND version IS NOT NULL AND type = 'SQL'")).containsExactly("1");
    }

    @Test
    void jdbcUrlOpensTheSameLedger() {
        current.append(new LogEntry(1, new byte[] {1}, new byte[] {2}));

        try (PostgresLedgerStore viaJdbc = PostgresLedgerStore.open(DB.jdbcUrl())) {
            assertThat(viaJdbc.schema()).isEqualTo(DB.schema());
            assertThat(viaJdbc.height()).isEqualTo(1);
        }
    }

    /** Both stores read the same height each round, so exactly one append per round must win. */
    @Test
    void twoStoresAppendingConcurrentlyNeverLeaveAGapOrADuplicate() throws InterruptedException {
        int rounds = 40;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger appended = new AtomicInteger();
        AtomicInteger gaps = new AtomicInteger();

        try (PostgresLedgerStore first = PostgresLedgerStore.open(DB.url());
                PostgresLedgerStore second = PostgresLedgerStore.open(DB.url())) {
            List<Thread> writers = Stream.of(first, second).map(store -> Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        barrier.await();
                        long next = store.height() + 1;
                        barrier.await(); // neither appends before both have read the height
                        try {
                            store.append(List.of(new LogEntry(next, new byte[] {1}, new byte[] {2}),
                                    new LogEntry(next + 1, new byte[] {3}, new byte[] {4})));
                            appended.addAndGet(2);
                        } catch (StoreException e) {
                            if (e.code() != StoreException.Code.HEIGHT_GAP) {
                                unexpected.add(e);
                            }
                            gaps.incrementAndGet();
                        }
                        barrier.await();
                    }
                } catch (Throwable t) {
                    unexpected.add(t);
                    barrier.reset();
                }
            })).toList();
            for (Thread writer : writers) {
                writer.join();
            }

            assertThat(unexpected).isEmpty();
            assertThat(appended.get()).isEqualTo(2 * rounds);
            assertThat(gaps.get()).isEqualTo(rounds);
            List<Long> heights = new ArrayList<>();
            first.forEach(1, entry -> heights.add(entry.height()));
            assertThat(heights).isEqualTo(LongStream.rangeClosed(1, 2L * rounds).boxed().toList());
            assertThat(first.read(1, 2 * rounds)).allSatisfy(entry ->
                    assertThat(entry.tx()[0]).isEqualTo(entry.height() % 2 == 1 ? (byte) 1 : (byte) 3));
        }
    }

    @Test
    void readOnlyStoreReadsTheLedgerAndRefusesWrites() {
        current.append(new LogEntry(1, new byte[] {1}, new byte[] {2}));

        try (PostgresLedgerStore reader = PostgresLedgerStore.openReadOnly(DB.url())) {
            assertThat(reader.isReadOnly()).isTrue();
            assertThat(reader.height()).isEqualTo(1);

            assertRefusedAsReadOnly(() -> reader.append(new LogEntry(2, new byte[] {1}, new byte[] {2})));
            assertRefusedAsReadOnly(() -> reader.append(List.of()));
            assertRefusedAsReadOnly(() -> reader.saveSnapshot(new Snapshot(1, new byte[0], new byte[0])));

            current.append(new LogEntry(2, new byte[] {3}, new byte[] {4}));
            assertThat(reader.height()).isEqualTo(2);
        }
        assertThat(current.height()).isEqualTo(2);
        assertThat(current.latestSnapshot()).isEmpty();
    }

    @Test
    void readOnlyOpenNeedsAnExistingLedgerAndCreatesNothing() throws SQLException {
        String missing = DB.schema() + "_missing";

        assertCode(() -> PostgresLedgerStore.openReadOnly(DB.withSchema(missing)), StoreException.Code.IO,
                "holds no ledger");

        assertThat(query("SELECT schema_name FROM information_schema.schemata WHERE schema_name = '"
                + missing + "'")).isEmpty();
    }

    @Test
    void someoneElsesSchemaIsCorruptAndGetsNoTablesAdded() throws SQLException {
        current.close();
        DB.execute("DROP SCHEMA " + DB.schema() + " CASCADE");
        DB.execute("CREATE SCHEMA " + DB.schema());
        DB.execute("CREATE TABLE " + DB.schema() + ".accounts (id INTEGER PRIMARY KEY)");

        assertCode(() -> PostgresLedgerStore.open(DB.url()), StoreException.Code.CORRUPT, "not a usable");

        assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + DB.schema() + "'")).containsExactly("accounts");
    }

    @Test
    void schemaNewerThanThisBuildIsCorrupt() throws SQLException {
        current.close();
        DB.execute("INSERT INTO " + DB.schema() + ".flyway_schema_history (installed_rank, version, description,"
                + " type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (99, '2', 'future', 'SQL', 'V2__future.sql', 0, 'test', 0, true)");

        assertCode(() -> PostgresLedgerStore.open(DB.url()), StoreException.Code.CORRUPT, "version 2");
        assertCode(() -> PostgresLedgerStore.openReadOnly(DB.url()), StoreException.Code.CORRUPT, "version 2");
    }

    @Test
    void malformedLocationsAreRefusedWithAClearMessage() {
        assertCode(() -> PostgresLedgerStore.open("postgres://"), StoreException.Code.IO, "malformed");
        assertCode(() -> PostgresLedgerStore.open("postgres://host:5432"), StoreException.Code.IO, "database name");
        assertCode(() -> PostgresLedgerStore.open("postgres://host/a/b"), StoreException.Code.IO, "database name");
        assertCode(() -> PostgresLedgerStore.open("postgres://host:notaport/db"), StoreException.Code.IO, "malformed");
        assertCode(() -> PostgresLedgerStore.open("postgres://host/db?schema=Bad-Name"), StoreException.Code.IO,
                "schema 'Bad-Name'");
        assertCode(() -> PostgresLedgerStore.open("jdbc:postgresql://host:99999999/db"), StoreException.Code.IO,
                "malformed");
        assertCode(() -> PostgresLedgerStore.open("mysql://host/db"), StoreException.Code.IO, "expected postgres://");
    }

    @Test
    void passwordsStayOutOfMessages() {
        assertThatThrownBy(() -> PostgresLedgerStore.open("postgres://me:s3cret@host:bad/db"))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains("me:***@"));
        assertThat(PostgresUrl.redact("jdbc:postgresql://h/db?user=me&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=me&password=***&ssl=true");
    }

    @Test
    void unreachableServerIsAnIoError() {
        // Port 1 on the loopback: nothing listens, so the connection is refused at once.
        assertCode(() -> PostgresLedgerStore.open("postgres://postgres@127.0.0.1:1/test?schema=" + DB.schema()),
                StoreException.Code.IO, "127.0.0.1:1");
    }

    @Test
    void closedStoreRefusesUse() {
        current.close();

        assertThatThrownBy(current::height).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> current.append(List.of())).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> query(String sql) throws SQLException {
        try (Statement statement = DB.admin().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static void assertRefusedAsReadOnly(ThrowingCallable call) {
        assertCode(call, StoreException.Code.IO, "read-only");
    }

    private static void assertCode(ThrowingCallable call, StoreException.Code code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
