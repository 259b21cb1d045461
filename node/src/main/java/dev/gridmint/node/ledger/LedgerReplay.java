package dev.gridmint.node.ledger;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LogEntry;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rebuilds ledger state from a stored log, checking every entry against the state root that
 * was recorded when it was first applied. Signatures are checked on every core, a chunk of
 * entries at a time, and the entries are then applied in order. Any disagreement stops the replay: a ledger that
 * does not replay to itself must not be served.
 */
public final class LedgerReplay {

    private LedgerReplay() {}

    /** Replays the whole log from an empty state, ignoring snapshots: the auditor's path. */
    public static LedgerState fromScratch(LedgerStore store) {
        return replay(store, LedgerState.empty());
    }

    /** Starts from the newest snapshot, if any, and replays what follows it: the restart path. */
    public static LedgerState recover(LedgerStore store) {
        LedgerState start = store.latestSnapshot().map(snapshot -> {
            LedgerState decoded = StateCodec.decode(snapshot.state());
            if (!Arrays.equals(decoded.root().bytes(), snapshot.stateRoot()) || decoded.height() != snapshot.height()) {
                throw new ReplayException("the snapshot at height " + snapshot.height() + " does not match its recorded root");
            }
            return decoded;
        }).orElse(LedgerState.empty());
        return replay(store, start);
    }

    /**
     * Applies the stored entries above {@code state}'s height, telling {@code listener} of each: how
     * a writer catches up with entries that reached the store although their append reported failure.
     */
    public static LedgerState catchUp(LedgerStore store, LedgerState state, Sequencer.Listener listener) {
        var cursor = new LedgerState[] {state};
        store.forEach(state.height() + 1, entry -> {
            SignedTx tx = TxCodec.decode(entry.tx());
            LedgerState before = cursor[0];
            cursor[0] = step(before, entry, VerifiedTx.verify(tx).orElse(null));
            listener.onApplied(tx, before, cursor[0]);
        });
        return cursor[0];
    }

    /**
     * Replays the log from its start up to {@code toHeight}, telling {@code listener} of every entry
     * with the states around it, as the writer did when it first applied it: how a reader rebuilds
     * what only the history holds (matched prices and their times, the times of bids) on a restart
     * that loaded a snapshot. Checked as any replay is; the state it ends in is returned.
     */
    public static LedgerState walk(LedgerStore store, long toHeight, Sequencer.Listener listener) {
        return replay(store, LedgerState.empty(), toHeight, listener);
    }

    /** Entries decoded and verified together, on every core, before they are applied in order. */
    private static final int CHUNK = 512;

    /**
     * Replays up to the height the store had when the replay began: a live coordinator keeps
     * appending (its clock ticks every second), and what it adds meanwhile is for the next audit.
     */
    private static LedgerState replay(LedgerStore store, LedgerState start) {
        return replay(store, start, store.height(), (tx, before, after) -> { });
    }

    private static LedgerState replay(LedgerStore store, LedgerState start, long target, Sequencer.Listener listener) {
        var cursor = new LedgerState[] {start};
        List<LogEntry> chunk = new ArrayList<>(CHUNK);
        store.forEach(start.height() + 1, entry -> {
            if (entry.height() > target) {
                return;
            }
            chunk.add(entry);
            if (chunk.size() == CHUNK) {
                cursor[0] = replayChunk(cursor[0], chunk, listener);
                chunk.clear();
            }
        });
        cursor[0] = replayChunk(cursor[0], chunk, listener);
        if (cursor[0].height() != target) {
            throw new ReplayException("replay stopped at height " + cursor[0].height() + " of " + target);
        }
        return cursor[0];
    }

    private static LedgerState replayChunk(LedgerState state, List<LogEntry> chunk, Sequencer.Listener listener) {
        List<SignedTx> txs = chunk.stream().map(entry -> TxCodec.decode(entry.tx())).toList();
        ParallelVerifier.Verification verified = ParallelVerifier.start(txs);
        LedgerState current = state;
        for (int i = 0; i < chunk.size(); i++) {
            LedgerState before = current;
            current = step(current, chunk.get(i), verified.get(i));
            listener.onApplied(txs.get(i), before, current);
        }
        return current;
    }

    private static LedgerState step(LedgerState state, LogEntry entry, VerifiedTx verified) {
        var result = verified == null ? StateTransition.badSignature() : StateTransition.applyVerified(state, verified);
        return switch (result) {
            case Rejected rejected -> throw new ReplayException(
                    "log entry " + entry.height() + " is refused on replay: " + rejected.error() + " " + rejected.message());
            case Applied applied -> {
                Hash root = applied.state().root();
                if (applied.state().height() != entry.height() || !Arrays.equals(root.bytes(), entry.stateRoot())) {
                    throw new ReplayException("log entry " + entry.height() + " replays to root " + root
                            + ", but the log recorded " + new Hash(entry.stateRoot()));
                }
                yield applied.state();
            }
        };
    }

    /** The log and the rules disagree. */
    public static final class ReplayException extends RuntimeException {
        public ReplayException(String message) {
            super(message);
        }
    }
}
