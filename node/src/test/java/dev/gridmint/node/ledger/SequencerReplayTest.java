package dev.gridmint.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.testing.RandomTxGenerator;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.node.ledger.LedgerReplay.ReplayException;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sequencer over a real SQLite store, and the two ways back from it: recovery and the auditor's replay. */
class SequencerReplayTest {

    private static final int SNAPSHOT_EVERY = 16;
    private static final int TRANSACTIONS = 300;

    @TempDir
    Path dir;

    /** What a seeded run through the sequencer left behind. */
    private record Run(LedgerState last, int applied, int refused, List<Long> notifiedHeights) {}

    private Run run(long seed, int count) {
        var generator = new RandomTxGenerator(seed);
        try (var store = SqliteLedgerStore.open(dir)) {
            var sequencer = Sequencer.open(store, SNAPSHOT_EVERY);
            List<Long> notified = new ArrayList<>();
            sequencer.addListener((tx, before, after) -> {
                assertThat(after.height()).isEqualTo(before.height() + 1);
                assertThat(store.height()).as("durable before anyone hears of it").isEqualTo(after.height());
                notified.add(after.height());
            });
            int applied = 0;
            int refused = 0;
            for (int i = 0; i < count; i++) {
                LedgerState before = sequencer.state();
                SignedTx tx = generator.next(before);
                switch (sequencer.submit(tx)) {
                    case Applied a -> {
                        applied++;
                        assertThat(a.state()).isSameAs(sequencer.state());
                        // The sequencer applies exactly the pure transition, nothing more.
                        assertThat(a.state().root()).isEqualTo(((Applied) StateTransition.apply(before, tx)).state().root());
                    }
                    case Rejected r -> {
                        refused++;
                        assertThat(sequencer.state()).isSameAs(before);
                    }
                }
                assertThat(store.height()).isEqualTo(sequencer.state().height());
            }
            return new Run(sequencer.state(), applied, refused, notified);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20_250_101})
    void recoveryFromTheSnapshotAndTailEqualsReplayFromScratch(long seed) {
        Run run = run(seed, TRANSACTIONS);
        assertThat(run.refused()).as("the stream mixes in refusals").isPositive();
        assertThat(run.applied()).isEqualTo((int) run.last().height());
        assertThat(run.notifiedHeights()).hasSize(run.applied());
        assertThat(run.notifiedHeights()).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();

        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            var snapshot = store.latestSnapshot().orElseThrow();
            assertThat(snapshot.height() % SNAPSHOT_EVERY).isZero();
            assertThat(snapshot.height()).isGreaterThan(run.last().height() - SNAPSHOT_EVERY);

            LedgerState recovered = LedgerReplay.recover(store);
            LedgerState replayed = LedgerReplay.fromScratch(store);

            assertThat(recovered.height()).isEqualTo(run.last().height());
            assertThat(recovered.root()).isEqualTo(run.last().root());
            assertThat(replayed.height()).isEqualTo(run.last().height());
            assertThat(replayed.root()).isEqualTo(run.last().root());
            assertThat(replayed).isEqualTo(recovered);
            assertThat(SupplyAudit.problems(replayed)).isEmpty();
        }
    }

    @Test
    void aReopenedSequencerContinuesWhereTheLastOneStopped() {
        Run first = run(7, 150);
        Run second = run(7, 150); // same seed, but from the recovered state: new transactions follow on

        assertThat(second.last().height()).isGreaterThan(first.last().height());
        try (var store = SqliteLedgerStore.open(dir)) {
            assertThat(Sequencer.open(store, SNAPSHOT_EVERY).state().root()).isEqualTo(second.last().root());
            assertThat(LedgerReplay.fromScratch(store).root()).isEqualTo(second.last().root());
        }
    }

    @Test
    void anEmptyStoreRecoversToTheEmptyLedger() {
        try (var store = SqliteLedgerStore.open(dir)) {
            assertThat(LedgerReplay.recover(store)).isEqualTo(LedgerState.empty());
            assertThat(LedgerReplay.fromScratch(store)).isEqualTo(LedgerState.empty());
            assertThat(Sequencer.open(store, SNAPSHOT_EVERY).state()).isEqualTo(LedgerState.empty());
        }
    }

    @Test
    void anAuditReplaysUpToTheHeightTheLogHadWhenItBegan() {
        Run run = run(3, 60);
        long height = run.last().height();
        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            // A live coordinator appends while the audit runs: the log it walks holds more than it first saw.
            LedgerStore growing = new LedgerStore() {
                private boolean asked;

                @Override
                public long height() {
                    long h = asked ? store.height() : store.height() - 3;
                    asked = true;
                    return h;
                }

                @Override
                public void append(List<LogEntry> entries) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<LogEntry> read(long fromHeight, int limit) {
                    return store.read(fromHeight, limit);
                }

                @Override
                public void forEach(long fromHeight, Consumer<LogEntry> consumer) {
                    store.forEach(fromHeight, consumer);
                }

                @Override
                public void saveSnapshot(Snapshot snapshot) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Optional<Snapshot> latestSnapshot() {
                    return store.latestSnapshot();
                }

                @Override
                public void close() {}
            };
            LedgerState audited = LedgerReplay.fromScratch(growing);
            assertThat(audited.height()).isEqualTo(height - 3);
            assertThat(audited.root().bytes()).isEqualTo(store.read(height - 3, 1).getFirst().stateRoot());
        }
    }

    @Test
    void aTamperedRootInTheLogStopsTheReplay() throws SQLException {
        Run run = run(3, 120);
        long tampered = 5;
        execute("UPDATE log SET state_root = ? WHERE height = ?", new byte[32], tampered);

        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            assertThatThrownBy(() -> LedgerReplay.fromScratch(store))
                    .isInstanceOf(ReplayException.class)
                    .hasMessageContaining("log entry " + tampered);
            // Recovery starts from the snapshot above the tampered entry and never reads it again.
            assertThat(store.latestSnapshot().orElseThrow().height()).isGreaterThan(tampered);
            assertThat(LedgerReplay.recover(store).root()).isEqualTo(run.last().root());
        }
    }

    @Test
    void aTamperedRootAboveTheSnapshotStopsRecovery() throws SQLException {
        Run run = run(3, 123); // a count whose last entry is not a snapshot height (with this generator and seed)
        long last = run.last().height();
        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            assertThat(store.latestSnapshot().orElseThrow().height()).as("the last entry is replayed on recovery").isLessThan(last);
        }
        byte[] wrong = run.last().root().bytes();
        wrong[0] ^= 0x01;
        execute("UPDATE log SET state_root = ? WHERE height = ?", wrong, last);

        try (var store = SqliteLedgerStore.open(dir)) {
            assertThatThrownBy(() -> LedgerReplay.recover(store)).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("log entry " + last);
            assertThatThrownBy(() -> Sequencer.open(store, SNAPSHOT_EVERY)).isInstanceOf(ReplayException.class);
        }
    }

    @Test
    void aTamperedSnapshotStopsRecovery() throws SQLException {
        run(3, 120);
        execute("UPDATE snapshot SET state_root = ? WHERE slot = 1", new byte[32]);

        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            assertThatThrownBy(() -> LedgerReplay.recover(store)).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("snapshot");
        }
    }

    @Test
    void aSwappedTransactionInTheLogStopsTheReplay() throws SQLException {
        run(3, 120);
        byte[] third;
        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            third = store.read(3, 1).getFirst().tx();
        }
        execute("UPDATE log SET tx = ? WHERE height = ?", third, 2);

        try (var store = SqliteLedgerStore.openReadOnly(dir)) {
            assertThatThrownBy(() -> LedgerReplay.fromScratch(store))
                    .isInstanceOf(ReplayException.class)
                    .hasMessageContaining("log entry 2");
        }
    }

    @Test
    void aLogThatDoesNotStartWithItsGenesisIsRefused() {
        var generator = new RandomTxGenerator(9);
        LedgerState genesis = ((Applied) StateTransition.apply(LedgerState.empty(), generator.genesis())).state();
        SignedTx second = generator.next(genesis);
        try (var store = SqliteLedgerStore.open(dir)) {
            store.append(new LogEntry(1, second.encode(), genesis.root().bytes()));

            assertThatThrownBy(() -> LedgerReplay.fromScratch(store)).isInstanceOf(ReplayException.class)
                    .hasMessageContaining("log entry 1 is refused on replay: NO_GENESIS");
            assertThatThrownBy(() -> Sequencer.open(store, SNAPSHOT_EVERY)).isInstanceOf(ReplayException.class);
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteLedgerStore.FILE_NAME));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }
}
