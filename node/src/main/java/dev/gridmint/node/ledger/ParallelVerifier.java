package dev.gridmint.node.ledger;

import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Checks signatures on every core ahead of the single writer. A check is pure and independent
 * of state, so a batch splits freely; the order of the answers is the order of the input.
 */
final class ParallelVerifier {

    /** Below this many, one thread is faster than handing work out. */
    private static final int SLICE = 16;

    /**
     * One worker per core (the common pool keeps one core back for the caller, which here only
     * waits). Its threads are daemons, so the pool never holds a JVM open.
     */
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    private ParallelVerifier() {}

    /** One entry per transaction, in order: its proof of a good signature, or null where the check failed. */
    static List<VerifiedTx> verifyAll(List<SignedTx> txs) {
        VerifiedTx[] out = new VerifiedTx[txs.size()];
        if (txs.size() <= SLICE || POOL.getParallelism() <= 1) {
            verifyRange(txs, out, 0, txs.size());
        } else {
            POOL.invoke(new Slice(txs, out, 0, txs.size()));
        }
        List<VerifiedTx> result = new ArrayList<>(out.length);
        for (VerifiedTx verified : out) {
            result.add(verified);
        }
        return result;
    }

    private static void verifyRange(List<SignedTx> txs, VerifiedTx[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = VerifiedTx.verify(txs.get(i)).orElse(null);
        }
    }

    private static final class Slice extends RecursiveAction {
        private final List<SignedTx> txs;
        private final VerifiedTx[] out;
        private final int from;
        private final int to;

        Slice(List<SignedTx> txs, VerifiedTx[] out, int from, int to) {
            this.txs = txs;
            this.out = out;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= SLICE) {
                verifyRange(txs, out, from, to);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new Slice(txs, out, from, middle), new Slice(txs, out, middle, to));
        }
    }
}
