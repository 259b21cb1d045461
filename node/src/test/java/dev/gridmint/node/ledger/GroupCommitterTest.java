package dev.gridmint.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.StoreException;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit for concurrent callers: order, the right result to the right caller, failures, shutdown. */
@Timeout(60)
class GroupCommitterTest {

    private static final String NETWORK = "gridmint-group-commit-test";

    @TempDir
    Path dir;

    private final List<Keypair> accounts = new ArrayList<>();
    private final AtomicInteger appends = new AtomicInteger();
    private final AtomicBoolean failAppends = new AtomicBoolean();
    /** When set, the next append waits for it: lets a test pile callers up behind a batch being written. */
    private volatile CountDownLatch appendGate;
    private volatile CountDownLatch appendEntered;
    private SqliteLedgerStore sqlite;
    private Sequencer sequencer;

    @BeforeEach
    void openLedger() {
        var random = new SplittableRandom(42);
        for (int i = 0; i < 16; i++) {
            accounts.add(Keypair.generate(random));
        }
        Keypair founder = Keypair.generate(random);
        SignedTx genesis = SignedTx.sign(founder, NETWORK, 1, new Genesis(founder.address(), founder.address(),
                NetworkParams.defaults(List.of(founder.address()), List.of(founder.address())), 0,
                accounts.stream().map(a -> Allocation.liquid(a.address(), 1_000_000L)).toList()));
        sqlite = SqliteLedgerStore.open(dir);
        sequencer = Sequencer.open(controlled(sqlite), 1_000);
        assertThat(sequencer.submit(genesis)).isInstanceOf(Applied.class);
        appends.set(0);
    }

    @AfterEach
    void closeLedger() {
        sqlite.close();
    }

    private LedgerStore controlled(LedgerStore store) {
        return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append") && args != null && args[0] instanceof List<?>) {
                        CountDownLatch gate = appendGate;
                        if (gate != null) {
                            appendGate = null;
                            appendEntered.countDown();
                            gate.await();
                        }
                        appends.incrementAndGet();
                        if (failAppends.get()) {
                            throw new StoreException(StoreException.Code.IO, "disk on fire");
                        }
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private SignedTx transfer(int from, long nonce, int to) {
        return SignedTx.sign(accounts.get(from), NETWORK, nonce, new Transfer(accounts.get(to).address(), 1));
    }

    /** Holds the next append until the returned latch is released; returns once the committer is inside it. */
    private CountDownLatch blockNextAppend(GroupCommitter committer) throws Exception {
        var gate = new CountDownLatch(1);
        appendEntered = new CountDownLatch(1);
        appendGate = gate;
        committer.submitAsync(transfer(15, sequencer.state().account(accounts.get(15).address()).nonce() + 1, 0));
        assertThat(appendEntered.await(10, TimeUnit.SECONDS)).isTrue();
        return gate;
    }

    @Test
    void queuedTransactionsApplyInArrivalOrderInOneBatch() throws Exception {
        try (var committer = new GroupCommitter(sequencer)) {
            CountDownLatch gate = blockNextAppend(committer);
            // Nonces 1..50 of one signer: each only applies if every earlier one applied before it.
            List<CompletableFuture<ApplyResult>> results = new ArrayList<>();
            for (int nonce = 1; nonce <= 50; nonce++) {
                results.add(committer.submitAsync(transfer(0, nonce, 1)));
            }
            long batchesBefore = committer.batches();
            gate.countDown();
            for (int i = 0; i < results.size(); i++) {
                var result = results.get(i).get(10, TimeUnit.SECONDS);
                assertThat(result).as("tx %d", i + 1).isInstanceOf(Applied.class);
            }
            assertThat(committer.batches() - batchesBefore).as("the 50 queued callers share one batch").isLessThanOrEqualTo(2);
            assertThat(appends.get()).isLessThanOrEqualTo(3);
            assertThat(sequencer.state().account(accounts.get(0).address()).nonce()).isEqualTo(50);
        }
    }

    @Test
    void aBatchIsBoundedAndLaterCallersAreNotStarved() throws Exception {
        try (var committer = new GroupCommitter(sequencer, 8)) {
            CountDownLatch gate = blockNextAppend(committer);
            List<CompletableFuture<ApplyResult>> results = new ArrayList<>();
            for (int nonce = 1; nonce <= 40; nonce++) {
                results.add(committer.submitAsync(transfer(nonce % 4, (nonce + 3) / 4, 5)));
            }
            long batchesBefore = committer.batches();
            gate.countDown();
            for (var result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(Applied.class);
            }
            assertThat(committer.batches() - batchesBefore).as("40 callers, batches of at most 8").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void eachConcurrentCallerGetsItsOwnResult() throws Exception {
        int threads = 12;
        int perThread = 40;
        try (var committer = new GroupCommitter(sequencer); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> outcomes = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int account = t;
                outcomes.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    long nonce = 0;
                    for (int i = 0; i < perThread; i++) {
                        boolean bad = i % 5 == 4; // every fifth reuses a spent nonce and must be refused, to this caller
                        SignedTx tx = transfer(account, bad ? nonce : nonce + 1, (account + 1) % threads);
                        ApplyResult result = committer.submit(tx);
                        if (bad) {
                            assertThat(result).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.error()).isEqualTo(TxError.BAD_NONCE));
                        } else {
                            assertThat(result).isInstanceOf(Applied.class);
                            Applied applied = (Applied) result;
                            nonce++;
                            // The state in the result is the one right after this caller's own transaction.
                            assertThat(applied.state().account(accounts.get(account).address()).nonce()).isEqualTo(nonce);
                            seen.add(tx.hash().hex());
                        }
                    }
                    return seen;
                }));
            }
            var all = new HashSet<String>();
            for (var outcome : outcomes) {
                all.addAll(outcome.get());
            }
            assertThat(all).hasSize(threads * perThread * 4 / 5);
            assertThat(sequencer.state().height()).isEqualTo(1 + threads * perThread * 4 / 5);
            assertThat(sqlite.height()).isEqualTo(sequencer.state().height());
            assertThat(appends.get()).as("fewer durable appends than transactions").isLessThanOrEqualTo(all.size());
        }
    }

    @Test
    void aFailedAppendFailsEveryCallerOfTheBatchAndAppliesNothing() throws Exception {
        try (var committer = new GroupCommitter(sequencer)) {
            CountDownLatch gate = blockNextAppend(committer);
            long height = sequencer.state().height();
            List<CompletableFuture<ApplyResult>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(committer.submitAsync(transfer(i, 1, 11)));
            }
            failAppends.set(true);
            gate.countDown();
            for (var result : results) {
                assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(GroupCommitter.Unavailable.class,
                                e -> assertThat(e.reason()).isEqualTo(GroupCommitter.Unavailable.Reason.STORE_FAILED));
            }
            assertThat(sequencer.state().height()).as("nothing of the failed batches was applied").isEqualTo(height);
            assertThat(sqlite.height()).isEqualTo(height);

            // The blocking call reports the same, and the committer carries on once the store recovers.
            assertThatThrownBy(() -> committer.submit(transfer(0, 1, 11))).isInstanceOf(GroupCommitter.Unavailable.class);
            failAppends.set(false);
            assertThat(committer.submit(transfer(0, 1, 11))).isInstanceOf(Applied.class);
            assertThat(sqlite.height()).isEqualTo(height + 1);
        }
    }

    @Test
    void closeFailsQueuedCallersAndRefusesNewOnes() throws Exception {
        var committer = new GroupCommitter(sequencer);
        CountDownLatch gate = blockNextAppend(committer);
        List<CompletableFuture<ApplyResult>> queued = new ArrayList<>();
        for (int nonce = 1; nonce <= 5; nonce++) {
            queued.add(committer.submitAsync(transfer(2, nonce, 3)));
        }
        var closer = Thread.ofPlatform().start(committer::close);
        awaitParkedInJoin(closer);
        gate.countDown();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        for (var result : queued) {
            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(GroupCommitter.Unavailable.class,
                            e -> assertThat(e.reason()).isEqualTo(GroupCommitter.Unavailable.Reason.SHUTTING_DOWN));
        }
        assertThatThrownBy(() -> committer.submit(transfer(2, 1, 3)))
                .isInstanceOfSatisfying(GroupCommitter.Unavailable.class,
                        e -> assertThat(e.reason()).isEqualTo(GroupCommitter.Unavailable.Reason.SHUTTING_DOWN));
        assertThat(sequencer.state().account(accounts.get(2).address()).nonce()).isZero();
    }

    /** close() marks the committer closed before it joins the committer thread; parked in that join, it has. */
    private static void awaitParkedInJoin(Thread closer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closer.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("close() reaches its join").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
