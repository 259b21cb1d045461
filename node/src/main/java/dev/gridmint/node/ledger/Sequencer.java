package dev.gridmint.node.ledger;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.VerifiedTx;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one writer of the ledger. It puts transactions in order, applies them with the pure
 * state transition, makes each accepted one durable in the log before anyone can see its
 * effect, and then tells the listeners. A refused transaction touches neither the log nor
 * the state.
 *
 * <p>Signatures are checked on every core ({@link ParallelVerifier}): the check is pure and
 * independent of state, and it is most of the cost of a transaction. The checks of a batch start
 * before the writer's lock; inside it, {@link StateTransition#applyVerified} takes each transaction
 * as soon as its chunk is checked, while the pool checks the rest of the batch (pipelining).
 * {@link #submitAll} is group commit: one durable append for a whole batch.
 */
public final class Sequencer {

    /** Gets every accepted transaction, in log order, after it is durable. */
    public interface Listener {
        void onApplied(SignedTx tx, LedgerState before, LedgerState after);
    }

    private final LedgerStore store;
    private final int snapshotEvery;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile LedgerState state;
    /** Set when an append failed: whether its batch reached the store is unknown until looked up. */
    private boolean storeUncertain;

    private Sequencer(LedgerStore store, LedgerState recovered, int snapshotEvery) {
        this.store = store;
        this.state = recovered;
        this.snapshotEvery = snapshotEvery;
    }

    /** Recovers the state from the store (snapshot plus the log after it) and takes over as its writer. */
    public static Sequencer open(LedgerStore store, int snapshotEvery) {
        return new Sequencer(store, LedgerReplay.recover(store), snapshotEvery);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public LedgerState state() {
        return state;
    }

    /** Applies one transaction; when it returns {@link Applied}, the transaction is durable. */
    public ApplyResult submit(SignedTx tx) {
        return submitAll(List.of(tx)).getFirst();
    }

    /**
     * Group commit: checks every signature in parallel, applies the batch in order (each
     * transaction sees the ones before it), writes every accepted one to the log in ONE atomic
     * append, and only then publishes the new state and tells the listeners. Returns one result
     * per transaction, in order; a refused one changes nothing, and the others still apply. If
     * the append fails, nothing of the batch is applied and the exception propagates.
     */
    public List<ApplyResult> submitAll(List<SignedTx> txs) {
        if (txs.isEmpty()) {
            return List.of();
        }
        return submitAll(txs, ParallelVerifier.start(txs));
    }

    /**
     * {@link #submitAll(List)} for transactions this process signed itself ({@link VerifiedTx#sign}):
     * nothing to check, so the batch goes straight to the writer.
     */
    public List<ApplyResult> submitSigned(List<VerifiedTx> signed) {
        return submitAll(signed.stream().map(VerifiedTx::tx).toList(), signed::get);
    }

    /**
     * {@link #submitAll(List)} with the signature checks already started, one proof per transaction
     * of {@code txs}, by a caller that starts them early: the {@link GroupCommitter} starts each
     * check when its transaction is queued, so the next batch is checked while this one is written.
     */
    List<ApplyResult> submitAll(List<SignedTx> txs, ParallelVerifier.Proofs verified) {
        if (txs.isEmpty()) {
            return List.of();
        }
        // Checks run on the pool while this thread applies the transactions already checked, in order.
        List<ApplyResult> results = new ArrayList<>(txs.size());
        synchronized (this) {
            if (storeUncertain) {
                reconcileWithStore();
            }
            LedgerState start = state;
            LedgerState current = start;
            List<LogEntry> entries = new ArrayList<>(txs.size());
            List<Transition> applied = new ArrayList<>(txs.size());
            for (int i = 0; i < txs.size(); i++) {
                VerifiedTx proof = verified.get(i);
                ApplyResult result = proof == null ? StateTransition.badSignature() : StateTransition.applyVerified(current, proof);
                results.add(result);
                if (result instanceof Applied(LedgerState after)) {
                    SignedTx tx = txs.get(i);
                    entries.add(new LogEntry(after.height(), tx.encode(), after.root().bytes()));
                    applied.add(new Transition(tx, current, after));
                    current = after;
                }
            }
            if (entries.isEmpty()) {
                return results;
            }
            try {
                store.append(entries);
            } catch (RuntimeException failed) {
                // The batch may still have landed (a commit whose acknowledgement was lost): look before the next write.
                storeUncertain = true;
                throw failed;
            }
            if (current.height() / snapshotEvery > start.height() / snapshotEvery) {
                store.saveSnapshot(new Snapshot(current.height(), StateCodec.encode(current), current.root().bytes()));
            }
            state = current;
            for (Transition transition : applied) {
                notifyListeners(transition.tx(), transition.before(), transition.after());
            }
        }
        return results;
    }

    /**
     * After a failed append the store holds either none of that batch or all of it. If it holds it,
     * the entries are applied here exactly as they were written, and the listeners hear of them,
     * so the next append continues the log instead of failing on a height gap.
     */
    private void reconcileWithStore() {
        long stored = store.height();
        if (stored < state.height()) {
            throw new IllegalStateException("the store is at height " + stored + ", behind the sequencer's " + state.height());
        }
        if (stored > state.height()) {
            state = LedgerReplay.catchUp(store, state, this::notifyListeners);
        }
        storeUncertain = false;
    }

    private void notifyListeners(SignedTx tx, LedgerState before, LedgerState after) {
        for (Listener listener : listeners) {
            listener.onApplied(tx, before, after);
        }
    }

    private record Transition(SignedTx tx, LedgerState before, LedgerState after) {}
}
