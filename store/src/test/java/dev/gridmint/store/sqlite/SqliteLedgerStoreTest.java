package dev.gridmint.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStoreContract;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import dev.gridmint.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStoreTest extends LedgerStoreContract {

    @TempDir
    Path dir;

    private SqliteLedgerStore current;

    @Override
    protected LedgerStore newStore() {
        current = SqliteLedgerStore.open(dir.resolve("contract"));
        return current;
    }

    @Override
    protected LedgerStore reopen() {
        current.close();
        current = SqliteLedgerStore.open(dir.resolve("contract"));
        return current;
    }

    @Test
    void createsTheDataDirectoryAndTheLedgerFile() {
        Path dataDir = dir.resolve("a/b");
        Path custom = dir.resolve("c/d/custom.db");

        try (SqliteLedgerStore inDir = SqliteLedgerStore.open(dataDir);
                SqliteLedgerStore atFile = SqliteLedgerStore.openFile(custom)) {
            assertThat(inDir.file()).isEqualTo(dataDir.resolve(SqliteLedgerStore.FILE_NAME).toAbsolutePath());
            assertThat(atFile.file()).isEqualTo(custom.toAbsolutePath());
        }

        assertThat(dataDir.resolve("ledger.db")).isRegularFile();
        assertThat(custom).isRegularFile();
    }

    @Test
    void fileIsInWalModeAndRecordsItsSchemaVersionOnce() throws SQLException {
        Path dataDir = dir.resolve("wal");
        SqliteLedgerStore.open(dataDir).close();

        try (SqliteLedgerStore store = SqliteLedgerStore.open(dataDir)) {
            assertThat(queryStrings(store.file(), "PRAGMA journal_mode")).containsExactly("wal");
            assertThat(queryStrings(store.file(), "SELECT version FROM schema_version"))
                    .containsExactly(String.valueOf(Migrations.latestVersion()));
        }
    }

    @Test
    void readOnlyStoreReadsWhatTheWriterKeepsAppending() {
        Path dataDir = dir.resolve("shared");
        List<LogEntry> entries = new ArrayList<>();
        for (int height = 1; height <= 1_500; height++) {
            entries.add(new LogEntry(height, new byte[] {(byte) height}, new byte[] {1, 2, 3}));
        }

        try (SqliteLedgerStore writer = SqliteLedgerStore.open(dataDir);
                SqliteLedgerStore reader = SqliteLedgerStore.openReadOnly(dataDir)) {
            assertThat(reader.isReadOnly()).isTrue();
            assertThat(reader.height()).isZero();

            writer.append(entries.subList(0, 10));
            assertThat(reader.height()).isEqualTo(10);

            writer.append(entries.subList(10, 1_500));
            writer.saveSnapshot(new Snapshot(1_200, new byte[] {9}, new byte[] {8}));
            List<LogEntry> seen = new ArrayList<>();
            reader.forEach(1, seen::add);

            assertThat(seen).containsExactlyElementsOf(entries);
            assertThat(reader.latestSnapshot()).contains(new Snapshot(1_200, new byte[] {9}, new byte[] {8}));
        }
    }

    @Test
    void readOnlyStoreRefusesWritesAndWritesNothing() {
        Path dataDir = dir.resolve("refuse");
        try (SqliteLedgerStore writer = SqliteLedgerStore.open(dataDir);
                SqliteLedgerStore reader = SqliteLedgerStore.openReadOnly(dataDir)) {
            writer.append(new LogEntry(1, new byte[] {1}, new byte[] {2}));

            assertRefusedAsReadOnly(() -> reader.append(new LogEntry(2, new byte[] {1}, new byte[] {2})));
            assertRefusedAsReadOnly(() -> reader.append(List.of()));
            assertRefusedAsReadOnly(() -> reader.saveSnapshot(new Snapshot(1, new byte[0], new byte[0])));

            assertThat(writer.height()).isEqualTo(1);
            assertThat(writer.latestSnapshot()).isEmpty();
        }
    }

    @Test
    void readOnlyOpenNeedsAnExistingLedgerAndCreatesNothing() throws IOException {
        Path missing = dir.resolve("missing");
        assertCode(() -> SqliteLedgerStore.openReadOnly(missing), StoreException.Code.IO);
        assertThat(missing).doesNotExist();

        Path emptyFile = Files.createFile(dir.resolve("empty.db"));
        assertCode(() -> SqliteLedgerStore.openFileReadOnly(emptyFile), StoreException.Code.IO);
        assertThat(emptyFile).isEmptyFile();
    }

    @Test
    void fileThatIsNotSqliteIsCorruptAndLeftAlone() throws IOException {
        Path dataDir = Files.createDirectories(dir.resolve("garbage"));
        Path file = dataDir.resolve(SqliteLedgerStore.FILE_NAME);
        byte[] garbage = "this is not a database\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, garbage);

        assertCode(() -> SqliteLedgerStore.open(dataDir), StoreException.Code.CORRUPT);
        assertCode(() -> SqliteLedgerStore.openReadOnly(dataDir), StoreException.Code.CORRUPT);

        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void schemaNewerThanThisBuildIsCorrupt() throws SQLException {
        Path dataDir = dir.resolve("future");
        SqliteLedgerStore.open(dataDir).close();
        Path file = dataDir.resolve(SqliteLedgerStore.FILE_NAME);
        int future = Migrations.latestVersion() + 1;
        execute(file, "INSERT INTO schema_version (version, applied_at) VALUES (" + future + ", 'later')");

        assertCode(() -> SqliteLedgerStore.open(dataDir), StoreException.Code.CORRUPT, "version " + future);
        assertCode(() -> SqliteLedgerStore.openReadOnly(dataDir), StoreException.Code.CORRUPT, "version " + future);
    }

    @Test
    void someoneElsesSqliteDatabaseIsCorruptAndGetsNoTablesAdded() throws IOException, SQLException {
        Path dataDir = dir.resolve("foreign");
        Path file = dataDir.resolve(SqliteLedgerStore.FILE_NAME);
        Files.createDirectories(dataDir);
        execute(file, "CREATE TABLE accounts (id INTEGER PRIMARY KEY)");

        assertCode(() -> SqliteLedgerStore.open(dataDir), StoreException.Code.CORRUPT, "not a Gridmint ledger");

        assertThat(queryStrings(file, "SELECT name FROM sqlite_master WHERE type = 'table'"))
                .containsExactly("accounts");
    }

    /** Two processes writing one file is a misconfiguration, but it must cost failed appends, never the log. */
    @Test
    void twoWritersOnOneFileFailCleanlyInsteadOfCorruptingTheLog() throws InterruptedException {
        Path dataDir = dir.resolve("two-writers");
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger appended = new AtomicInteger();

        try (SqliteLedgerStore first = SqliteLedgerStore.open(dataDir);
                SqliteLedgerStore second = SqliteLedgerStore.open(dataDir)) {
            List<Thread> writers = Stream.of(first, second).map(store -> Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100; i++) {
                    long next = store.height() + 1;
                    try {
                        store.append(List.of(new LogEntry(next, new byte[] {1}, new byte[] {2}),
                                new LogEntry(next + 1, new byte[] {3}, new byte[] {4})));
                        appended.addAndGet(2);
                    } catch (StoreException e) {
                        if (e.code() != StoreException.Code.HEIGHT_GAP && e.code() != StoreException.Code.IO) {
                            unexpected.add(e);
                        }
                    } catch (Throwable t) {
                        unexpected.add(t);
                    }
                }
            })).toList();
            for (Thread writer : writers) {
                writer.join();
            }

            assertThat(unexpected).isEmpty();
            List<Long> heights = new ArrayList<>();
            first.forEach(1, entry -> heights.add(entry.height()));
            assertThat(heights).hasSize(appended.get());
            assertThat(heights).isEqualTo(LongStream.rangeClosed(1, appended.get()).boxed().toList());
            assertThat(first.read(1, appended.get())).allSatisfy(entry ->
                    assertThat(entry.tx()[0]).isEqualTo(entry.height() % 2 == 1 ? (byte) 1 : (byte) 3));
        }
    }

    @Test
    void closedStoreRefusesUse() {
        SqliteLedgerStore store = SqliteLedgerStore.open(dir.resolve("closed"));
        store.close();

        assertThatThrownBy(store::height).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.append(List.of())).isInstanceOf(IllegalStateException.class);
    }

    private static void assertRefusedAsReadOnly(ThrowingCallable call) {
        assertCode(call, StoreException.Code.IO, "read-only");
    }

    private static void assertCode(ThrowingCallable call, StoreException.Code code) {
        assertCode(call, code, "");
    }

    private static void assertCode(ThrowingCallable call, StoreException.Code code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> queryStrings(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
