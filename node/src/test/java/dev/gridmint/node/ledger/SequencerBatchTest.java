package dev.gridmint.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.testing.RandomTxGenerator;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: parallel signature checks, in-order apply, one durable append per batch. */
class SequencerBatchTest {

    @TempDir
    Path dir;

    /** A store that counts its appends, whatever else the interface grows. */
    private static LedgerStore counting(LedgerStore store, AtomicInteger appends) {
        return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append") && args != null && args[0] instanceof List<?>) {
                        appends.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static SignedTx forged(SignedTx tx) {
        byte[] signature = tx.signature();
        signature[5] ^= 1;
        return new SignedTx(tx.networkId(), tx.signer(), tx.nonce(), tx.payload(), signature);
    }

    @Test
    void aBatchGivesTheSameResultsAsOneByOneWithOneAppend() {
        List<SignedTx> txs = new ArrayList<>(RandomTxGenerator.stream(7, 400));
        txs.add(200, forged(txs.get(199)));
        List<ApplyResult> expected = new ArrayList<>();
        LedgerState pure = LedgerState.empty();
        for (SignedTx tx : txs) {
            ApplyResult result = StateTransition.apply(pure, tx);
            expected.add(result);
            if (result instanceof Applied applied) {
                pure = applied.state();
            }
        }
        var appends = new AtomicInteger();
        try (var sqlite = SqliteLedgerStore.open(dir)) {
            LedgerStore store = counting(sqlite, appends);
            Sequencer sequencer = Sequencer.open(store, 64);
            List<Long> heard = new ArrayList<>();
            sequencer.addListener((tx, before, after) -> {
                assertThat(sqlite.height()).as("durable before anyone hears of it").isGreaterThanOrEqualTo(after.height());
                assertThat(after.height()).isEqualTo(before.height() + 1);
                heard.add(after.height());
            });
            List<ApplyResult> results = sequencer.submitAll(txs);

            assertThat(appends).as("one append for the whole batch").hasValue(1);
            assertThat(results).hasSize(txs.size());
            for (int i = 0; i < txs.size(); i++) {
                assertThat(results.get(i).getClass()).as("result %d", i).isEqualTo(expected.get(i).getClass());
                if (results.get(i) instanceof Rejected rejected) {
                    assertThat(rejected.error()).isEqualTo(((Rejected) expected.get(i)).error());
                }
            }
            assertThat(results.get(200)).isEqualTo(new Rejected(TxError.BAD_SIGNATURE,
                    ((Rejected) StateTransition.badSignature()).message()));
            assertThat(sequencer.state().root()).isEqualTo(pure.root());
            assertThat(sqlite.height()).isEqualTo(pure.height());
            assertThat(heard).hasSize((int) pure.height()).isSortedAccordingTo(Long::compare);
            assertThat(sqlite.latestSnapshot()).as("a snapshot once the batch crossed a multiple of 64").isPresent();
            assertThat(LedgerReplay.fromScratch(sqlite).root()).as("the parallel replay agrees").isEqualTo(pure.root());
            assertThat(LedgerReplay.recover(sqlite).root()).isEqualTo(pure.root());
        }
    }

    @Test
    void batchesInARowMatchOneByOneSubmission() {
        List<SignedTx> txs = RandomTxGenerator.stream(11, 300);
        LedgerState oneByOne;
        try (var store = SqliteLedgerStore.open(dir.resolve("single"))) {
            Sequencer sequencer = Sequencer.open(store, 50);
            txs.forEach(sequencer::submit);
            oneByOne = sequencer.state();
        }
        try (var store = SqliteLedgerStore.open(dir.resolve("batched"))) {
            Sequencer sequencer = Sequencer.open(store, 50);
            for (int from = 0; from < txs.size(); from += 37) {
                sequencer.submitAll(txs.subList(from, Math.min(txs.size(), from + 37)));
            }
            assertThat(sequencer.state().root()).isEqualTo(oneByOne.root());
            assertThat(sequencer.state().height()).isEqualTo(oneByOne.height());
            assertThat(Sequencer.open(store, 50).state().root()).as("recovered after batches").isEqualTo(oneByOne.root());
        }
    }

    @Test
    void anAllRefusedBatchWritesNothing() {
        var appends = new AtomicInteger();
        try (var sqlite = SqliteLedgerStore.open(dir)) {
            Sequencer sequencer = Sequencer.open(counting(sqlite, appends), 10);
            List<SignedTx> txs = RandomTxGenerator.stream(3, 5).stream().map(SequencerBatchTest::forged).toList();
            assertThat(sequencer.submitAll(txs)).hasSize(5).allMatch(r -> r instanceof Rejected);
            assertThat(sequencer.submitAll(List.of())).isEmpty();
            assertThat(appends).hasValue(0);
            assertThat(sequencer.state().height()).isZero();
        }
    }

    /** A store whose next append fails as chosen: after writing (a lost acknowledgement) or before writing. */
    private static LedgerStore failingOnce(LedgerStore store, java.util.concurrent.atomic.AtomicReference<String> mode) {
        return (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    String failure = method.getName().equals("append") ? mode.getAndSet("none") : "none";
                    if (failure.equals("before")) {
                        throw new dev.gridmint.store.StoreException(dev.gridmint.store.StoreException.Code.IO, "connection lost");
                    }
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (failure.equals("after")) {
                        throw new dev.gridmint.store.StoreException(dev.gridmint.store.StoreException.Code.IO, "acknowledgement lost");
                    }
                    return result;
                });
    }

    @Test
    void aBatchThatLandedDespiteAFailedAppendIsTakenUpBeforeTheNextWrite() {
        List<SignedTx> txs = RandomTxGenerator.stream(5, 120);
        var mode = new java.util.concurrent.atomic.AtomicReference<>("none");
        try (var sqlite = SqliteLedgerStore.open(dir)) {
            Sequencer sequencer = Sequencer.open(failingOnce(sqlite, mode), 1_000);
            List<Long> heard = new ArrayList<>();
            sequencer.addListener((tx, before, after) -> heard.add(after.height()));
            sequencer.submitAll(txs.subList(0, 40));
            long beforeFailure = sequencer.state().height();

            mode.set("after");
            assertThatThrownBy(() -> sequencer.submitAll(txs.subList(40, 80))).isInstanceOf(dev.gridmint.store.StoreException.class);
            assertThat(sequencer.state().height()).as("unknown until looked up").isEqualTo(beforeFailure);
            assertThat(sqlite.height()).as("but it did land").isGreaterThan(beforeFailure);

            mode.set("before");
            assertThatThrownBy(() -> sequencer.submitAll(txs.subList(80, 100))).isInstanceOf(dev.gridmint.store.StoreException.class);

            sequencer.submitAll(txs.subList(80, 120));

            LedgerState oneByOne = LedgerState.empty();
            for (SignedTx tx : txs) {
                if (StateTransition.apply(oneByOne, tx) instanceof Applied applied) {
                    oneByOne = applied.state();
                }
            }
            assertThat(sequencer.state().root()).isEqualTo(oneByOne.root());
            assertThat(sqlite.height()).isEqualTo(oneByOne.height());
            assertThat(heard).as("every entry announced once, in order")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, oneByOne.height()).boxed().toList());
            assertThat(LedgerReplay.fromScratch(sqlite).root()).isEqualTo(oneByOne.root());
        }
    }
}
