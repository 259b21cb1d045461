package dev.gridmint.node.ledger;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LogEntry;
import dev.gridmint.store.Snapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one writer of the ledger. It puts transactions in order, applies them with the pure
 * state transition, makes each accepted one durable in the log before anyone can see its
 * effect, and then tells the listeners. A refused transaction touches neither the log nor
 * the state.
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

    public ApplyResult submit(SignedTx tx) {
        LedgerState before;
        LedgerState after;
        synchronized (this) {
            before = state;
            ApplyResult result = StateTransition.apply(before, tx);
            if (result instanceof Rejected) {
                return result;
            }
            after = ((Applied) result).state();
            store.append(new LogEntry(after.height(), tx.encode(), after.root().bytes()));
            if (after.height() % snapshotEvery == 0) {
                store.saveSnapshot(new Snapshot(after.height(), StateCodec.encode(after), after.root().bytes()));
            }
            state = after;
            for (Listener listener : listeners) {
                listener.onApplied(tx, before, after);
            }
        }
        return new Applied(after);
    }
}
