package dev.gridmint.node.ledger;

import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Checks signatures on every core ahead of the single writer. A check is pure and independent
 * of state, so a batch splits freely; the order of the answers is the order of the input.
 *
 * <p>{@link #start} hands the batch out in small chunks, claimed in input order, and returns at
 * once: the caller reads the answers in order with {@link Verification#get}, which waits only for
 * the chunk it needs. So the writer applies the first transactions of a batch while the later ones
 * are still being checked, instead of waiting for the whole batch first.
 */
final class ParallelVerifier {

    /** Below this many, one thread is faster than handing work out; also the size of a chunk. */
    private static final int SLICE = 16;

    /**
     * One worker per core (the common pool keeps one core back for the caller, which here mostly
     * waits or applies). Its threads are daemons, so the pool never holds a JVM open.
     */
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    private ParallelVerifier() {}

    /** Starts checking every signature of {@code txs}; the answers come from {@link Verification#get}, in any order. */
    static Verification start(List<SignedTx> txs) {
        var verification = new Verification(txs);
        int workers = Math.min(POOL.getParallelism(), verification.chunks);
        if (txs.size() > SLICE && POOL.getParallelism() > 1) {
            for (int w = 0; w < workers; w++) {
                POOL.execute(verification::work);
            }
        }
        return verification;
    }

    /** The outcome of the signature checks of a batch, by position; null where a signature does not check. */
    @FunctionalInterface
    interface Proofs {
        VerifiedTx get(int index);
    }

    /** Starts checking one transaction on the pool; the future holds its proof, or null where the check failed. */
    static CompletableFuture<VerifiedTx> startOne(SignedTx tx) {
        return CompletableFuture.supplyAsync(() -> VerifiedTx.verify(tx).orElse(null), POOL);
    }

    /** The answers for one batch, filled in by the pool's workers and, where it runs ahead of them, by the caller. */
    static final class Verification implements Proofs {
        private final List<SignedTx> txs;
        private final VerifiedTx[] out;
        private final int chunks;
        /** The next chunk nobody has claimed. */
        private final AtomicInteger next = new AtomicInteger();
        /** Per chunk: null while pending, {@link #DONE} when its answers are in {@link #out}, or the failure. */
        private final AtomicReferenceArray<Object> finished;
        private volatile Thread waiter;

        private static final Object DONE = new Object();

        private Verification(List<SignedTx> txs) {
            this.txs = txs;
            this.out = new VerifiedTx[txs.size()];
            this.chunks = (txs.size() + SLICE - 1) / SLICE;
            this.finished = new AtomicReferenceArray<>(chunks);
        }

        /**
         * The proof for transaction {@code index}, or null where its signature does not check. Waits
         * for its chunk, checking unclaimed chunks itself rather than idling. A failure of the check
         * (an exception, never a bad signature) is rethrown here.
         */
        @Override
        public VerifiedTx get(int index) {
            int chunk = index / SLICE;
            Object state = finished.get(chunk);
            if (state == null) {
                state = await(chunk);
            }
            if (state != DONE) {
                Throwable failure = (Throwable) state;
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(failure);
            }
            return out[index];
        }

        private Object await(int chunk) {
            // The chunks before this one were claimed earlier, so claiming now gets this one or an earlier one.
            while (finished.get(chunk) == null && next.get() <= chunk) {
                if (!runNext()) {
                    break;
                }
            }
            // No spinning: the workers need every core, and a chunk takes far longer than a wake-up.
            Object state;
            while ((state = finished.get(chunk)) == null) {
                waiter = Thread.currentThread();
                if (finished.get(chunk) == null) {
                    LockSupport.park(this);
                }
                waiter = null;
            }
            return state;
        }

        /** A worker's loop: claims chunks in order until none is left. */
        private void work() {
            while (runNext()) {
                // keep claiming
            }
        }

        /** Claims and checks the next chunk; false when none was left to claim. */
        private boolean runNext() {
            int chunk = next.getAndIncrement();
            if (chunk >= chunks) {
                return false;
            }
            Object result = DONE;
            try {
                int to = Math.min(out.length, (chunk + 1) * SLICE);
                for (int i = chunk * SLICE; i < to; i++) {
                    out[i] = VerifiedTx.verify(txs.get(i)).orElse(null);
                }
            } catch (RuntimeException | Error e) {
                result = e;
            }
            // The volatile write publishes this chunk's entries of out to the reader of finished.
            finished.set(chunk, result);
            Thread waiting = waiter;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
            return true;
        }
    }
}
