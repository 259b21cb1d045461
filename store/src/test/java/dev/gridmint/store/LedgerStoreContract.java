package dev.gridmint.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LedgerStore} must have. A backend's test extends this class, so every backend
 * runs the same suite; it ships in this module's test jar for backends that live in other modules.
 */
public abstract class LedgerStoreContract {

    /** A fresh, empty store on storage of its own; called once before each test. */
    protected abstract LedgerStore newStore();

    /**
     * Closes the store most recently returned by {@link #newStore()} or {@link #reopen()} and opens the same
     * storage again, as a restarted process would.
     */
    protected abstract LedgerStore reopen();

    private final SplittableRandom random = new SplittableRandom(42);
    private LedgerStore store;

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void restart() {
        store = reopen();
    }

    // --- the log -----------------------------------------------------------------------------------------

    @Test
    void emptyStoreHasHeightZeroAndNothingInIt() {
        assertThat(store.height()).isZero();
        assertThat(store.read(1, 10)).isEmpty();
        assertThat(store.latestSnapshot()).isEmpty();
        List<LogEntry> seen = new ArrayList<>();
        store.forEach(1, seen::add);
        assertThat(seen).isEmpty();
    }

    @Test
    void appendedEntriesAreReadBackInHeightOrder() {
        List<LogEntry> entries = entries(1, 5);

        store.append(entries.getFirst());
        store.append(entries.subList(1, 5));

        assertThat(store.height()).isEqualTo(5);
        assertThat(store.read(1, 100)).containsExactlyElementsOf(entries);
    }

    @Test
    void bytesRoundTripExactlyIncludingEmptyAndLargeValues() {
        LogEntry empty = new LogEntry(1, new byte[0], new byte[0]);
        LogEntry large = new LogEntry(2, bytes(1 << 20), bytes(32));
        LogEntry allByteValues = new LogEntry(3, allByteValues(), bytes(32));

        store.append(List.of(empty, large, allByteValues));

        assertThat(store.read(1, 3)).containsExactly(empty, large, allByteValues);
    }

    @Test
    void emptyBatchIsANoOp() {
        store.append(entries(1, 2));

        store.append(List.of());

        assertThat(store.height()).isEqualTo(2);
    }

    @Test
    void firstEntryMustFollowTheLogExactly() {
        assertCode(() -> store.append(entry(2)), StoreException.Code.HEIGHT_GAP);
        assertThat(store.height()).isZero();

        List<LogEntry> entries = entries(1, 3);
        store.append(entries);

        assertCode(() -> store.append(entry(5)), StoreException.Code.HEIGHT_GAP);
        assertCode(() -> store.append(entry(3)), StoreException.Code.HEIGHT_GAP);
        assertCode(() -> store.append(entry(1)), StoreException.Code.HEIGHT_GAP);
        assertThat(store.read(1, 10)).containsExactlyElementsOf(entries);
    }

    @Test
    void batchWithAGapWritesNothing() {
        List<LogEntry> before = entries(1, 3);
        store.append(before);

        List<LogEntry> gapped = List.of(entry(4), entry(5), entry(7), entry(8));
        assertCode(() -> store.append(gapped), StoreException.Code.HEIGHT_GAP);

        assertThat(store.height()).isEqualTo(3);
        assertThat(store.read(1, 10)).containsExactlyElementsOf(before);
    }

    @Test
    void batchOutOfOrderOrWithDuplicatesWritesNothing() {
        assertCode(() -> store.append(List.of(entry(1), entry(3), entry(2))), StoreException.Code.HEIGHT_GAP);
        assertCode(() -> store.append(List.of(entry(1), entry(2), entry(2))), StoreException.Code.HEIGHT_GAP);

        assertThat(store.height()).isZero();
        assertThat(store.read(1, 10)).isEmpty();
    }

    @Test
    void readHonoursFromHeightAndLimit() {
        List<LogEntry> entries = entries(1, 10);
        store.append(entries);

        assertThat(store.read(4, 3)).containsExactlyElementsOf(entries.subList(3, 6));
        assertThat(store.read(9, 10)).containsExactlyElementsOf(entries.subList(8, 10));
        assertThat(store.read(11, 5)).isEmpty();
        assertThat(store.read(0, 2)).containsExactlyElementsOf(entries.subList(0, 2));
        assertThat(store.read(1, 0)).isEmpty();
    }

    @Test
    void readRejectsANegativeLimit() {
        assertThatThrownBy(() -> store.read(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forEachVisitsEveryEntryInOrderAcrossManyPages() {
        List<LogEntry> entries = entries(1, 2_500);
        int appended = 0;
        while (appended < entries.size()) {
            int batch = Math.min(random.nextInt(1, 400), entries.size() - appended);
            store.append(entries.subList(appended, appended + batch));
            appended += batch;
        }

        List<LogEntry> all = new ArrayList<>();
        store.forEach(1, all::add);
        List<LogEntry> tail = new ArrayList<>();
        store.forEach(1_234, tail::add);

        assertThat(all).containsExactlyElementsOf(entries);
        assertThat(tail).containsExactlyElementsOf(entries.subList(1_233, 2_500));
    }

    @Test
    void forEachFromPastTheEndVisitsNothing() {
        store.append(entries(1, 3));

        List<LogEntry> seen = new ArrayList<>();
        store.forEach(4, seen::add);

        assertThat(seen).isEmpty();
    }

    @Test
    void forEachConsumerMayReadTheStore() {
        store.append(entries(1, 3));

        List<Long> heights = new ArrayList<>();
        store.forEach(1, entry -> heights.add(store.height()));

        assertThat(heights).containsExactly(3L, 3L, 3L);
    }

    // --- snapshots ---------------------------------------------------------------------------------------

    @Test
    void newestSnapshotReplacesTheOlderOne() {
        store.append(entries(1, 10));
        Snapshot first = snapshot(5);
        Snapshot second = snapshot(10);

        store.saveSnapshot(first);
        assertThat(store.latestSnapshot()).contains(first);

        store.saveSnapshot(second);
        assertThat(store.latestSnapshot()).contains(second);
    }

    @Test
    void snapshotOfTheEmptyLogIsAllowed() {
        Snapshot genesis = new Snapshot(0, new byte[0], bytes(32));

        store.saveSnapshot(genesis);

        assertThat(store.latestSnapshot()).contains(genesis);
    }

    @Test
    void snapshotAheadOfTheLogIsRefusedAndKeepsTheOldOne() {
        store.append(entries(1, 3));
        Snapshot kept = snapshot(3);
        store.saveSnapshot(kept);

        assertCode(() -> store.saveSnapshot(snapshot(4)), StoreException.Code.SNAPSHOT_AHEAD_OF_LOG);

        assertThat(store.latestSnapshot()).contains(kept);
    }

    // --- durability and isolation ------------------------------------------------------------------------

    @Test
    void logAndSnapshotSurviveAReopen() {
        List<LogEntry> entries = entries(1, 20);
        store.append(entries.subList(0, 12));
        store.append(entries.subList(12, 20));
        Snapshot snapshot = snapshot(15);
        store.saveSnapshot(snapshot);
        assertCode(() -> store.append(List.of(entry(21), entry(23))), StoreException.Code.HEIGHT_GAP);

        restart();

        assertThat(store.height()).isEqualTo(20);
        assertThat(store.read(1, 100)).containsExactlyElementsOf(entries);
        assertThat(store.latestSnapshot()).contains(snapshot);

        LogEntry next = entry(21);
        store.append(next);
        restart();
        assertThat(store.read(21, 10)).containsExactly(next);
    }

    @Test
    void emptyStoreSurvivesAReopen() {
        restart();

        assertThat(store.height()).isZero();
        assertThat(store.latestSnapshot()).isEmpty();
    }

    @Test
    void storeKeepsItsOwnCopiesOfTheBytes() {
        byte[] tx = bytes(16);
        byte[] root = bytes(32);
        store.append(new LogEntry(1, tx, root));
        byte[] state = bytes(64);
        store.saveSnapshot(new Snapshot(1, state, root));
        LogEntry original = store.read(1, 1).getFirst();
        Snapshot originalSnapshot = store.latestSnapshot().orElseThrow();

        tx[0] ^= 1;
        root[0] ^= 1;
        state[0] ^= 1;
        store.read(1, 1).getFirst().tx()[0] ^= 1;
        store.read(1, 1).getFirst().stateRoot()[0] ^= 1;
        store.latestSnapshot().orElseThrow().state()[0] ^= 1;
        List<LogEntry> seen = new ArrayList<>();
        store.forEach(1, seen::add);
        seen.getFirst().tx()[0] ^= 1;

        assertThat(store.read(1, 1)).containsExactly(original);
        assertThat(store.latestSnapshot()).contains(originalSnapshot);
    }

    @Test
    void readersSeeAGapFreePrefixWhileAWriterAppends() throws InterruptedException {
        int total = 200;
        List<LogEntry> entries = entries(1, total);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        List<Thread> readers = IntStream.range(0, 3).mapToObj(i -> Thread.ofPlatform().start(() -> {
            try {
                boolean last = false;
                while (!last) {
                    last = !writing.get(); // one more pass after the writer finished
                    long floor = store.height();
                    List<LogEntry> seen = new ArrayList<>();
                    store.forEach(1, seen::add);
                    assertThat(seen).hasSizeGreaterThanOrEqualTo((int) floor);
                    assertThat(seen).containsExactlyElementsOf(entries.subList(0, seen.size()));
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        })).toList();

        try {
            entries.forEach(store::append);
        } finally {
            writing.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(store.height()).isEqualTo(total);
    }

    @Test
    void closeIsIdempotent() {
        store.close();
        store.close();
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static void assertCode(ThrowingCallable call, StoreException.Code code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    private List<LogEntry> entries(long fromHeight, int count) {
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(entry(fromHeight + i));
        }
        return List.copyOf(entries);
    }

    private LogEntry entry(long height) {
        return new LogEntry(height, bytes(random.nextInt(1, 200)), bytes(32));
    }

    private Snapshot snapshot(long height) {
        return new Snapshot(height, bytes(random.nextInt(1, 2_000)), bytes(32));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
