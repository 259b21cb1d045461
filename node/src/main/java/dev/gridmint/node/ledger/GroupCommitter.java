package dev.gridmint.node.ledger;

import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for concurrent submitters, in front of the {@link Sequencer}. Each caller of
 * {@link #submit} enqueues its transaction and blocks (cheaply, on a virtual thread) until that
 * transaction's result is known; one committer thread drains whatever is queued (up to
 * {@code maxBatch}, in arrival order, with no artificial delay: when the queue holds one
 * transaction, the batch is one transaction) and hands it to {@link Sequencer#submitAll}, which
 * makes the whole batch durable with one append. Under load, the callers that arrive while a batch
 * is being written form the next batch, so the cost of a durable write is shared. Each transaction's
 * signature check starts on the verifier's pool when it is queued, so the next batch is being checked
 * while the current one is applied and written.
 *
 * <p>A transaction's result is delivered only after the append that holds it has returned, so an
 * {@code Applied} result means durable. If the append throws, nothing of that batch was applied
 * and every caller of that batch gets {@link Unavailable} with {@link Unavailable.Reason#STORE_FAILED};
 * the committer goes on with the next batch. {@link #close()} lets the batch being written finish
 * and fails every caller still queued with {@link Unavailable.Reason#SHUTTING_DOWN}.
 */
public final class GroupCommitter implements AutoCloseable {

    public static final int DEFAULT_MAX_BATCH = 512;

    /** The transaction's fate is not decided: nothing of its batch was applied, or it was never tried. */
    public static final class Unavailable extends RuntimeException {

        public enum Reason { STORE_FAILED, SHUTTING_DOWN }

        private final Reason reason;

        Unavailable(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final Pending POISON = new Pending(null, null, null);

    /** A queued transaction, its caller's future, and its signature check, started when it was queued. */
    private record Pending(SignedTx tx, CompletableFuture<ApplyResult> result, CompletableFuture<VerifiedTx> check) {

        /** The proof, or null for a bad signature; a failure of the check itself is rethrown as it was thrown. */
        VerifiedTx proof() {
            try {
                return check.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                if (e.getCause() instanceof Error cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    private final Sequencer sequencer;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;
    private volatile long batches;
    private volatile long committed;

    public GroupCommitter(Sequencer sequencer) {
        this(sequencer, DEFAULT_MAX_BATCH);
    }

    public GroupCommitter(Sequencer sequencer, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.sequencer = sequencer;
        this.maxBatch = maxBatch;
        this.committer = Thread.ofPlatform().name("group-committer").daemon().start(this::run);
    }

    /**
     * Submits one transaction and waits for its result; when it is {@code Applied}, the transaction
     * is durable.
     *
     * @throws Unavailable when the store failed to write its batch, or the committer shut down first
     */
    public ApplyResult submit(SignedTx tx) {
        return await(submitAsync(tx));
    }

    /**
     * Waits for the result of {@link #submitAsync}, even through an interrupt (the transaction may
     * already be in a batch being written).
     *
     * @throws Unavailable when the store failed to write its batch, or the committer shut down first
     */
    public static ApplyResult await(CompletableFuture<ApplyResult> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // The transaction may already be in a batch being written: wait for its fate anyway.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Unavailable unavailable) {
                        throw new Unavailable(unavailable.reason(), unavailable.getMessage(), unavailable.getCause());
                    }
                    throw new IllegalStateException("the group committer failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Enqueues one transaction; the future completes once its batch is durable (or failed). */
    public CompletableFuture<ApplyResult> submitAsync(SignedTx tx) {
        if (closed) {
            CompletableFuture<ApplyResult> refused = new CompletableFuture<>();
            refused.completeExceptionally(shuttingDown());
            return refused;
        }
        // Pipelining: the check starts now, on the verifier's pool, so it runs while earlier batches are
        // applied and written; the committer only waits for checks that have not finished yet.
        var pending = new Pending(tx, new CompletableFuture<>(), ParallelVerifier.startOne(tx));
        queue.add(pending);
        // close() may have run between the check and the add, after the committer's last drain.
        if (closed && queue.remove(pending)) {
            pending.result().completeExceptionally(shuttingDown());
        }
        return pending.result();
    }

    /** Batches written so far (successful or not). */
    public long batches() {
        return batches;
    }

    /** Transactions handed to the sequencer in batches that did not fail. */
    public long committed() {
        return committed;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() interrupts, and it sets closed first
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean poisoned = batch.removeIf(p -> p == POISON);
            if (closed || poisoned) {
                fail(batch);
                break;
            }
            commit(batch);
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(p -> p == POISON);
        fail(rest);
    }

    private void commit(List<Pending> batch) {
        List<SignedTx> txs = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            txs.add(pending.tx());
        }
        List<ApplyResult> results;
        try {
            results = sequencer.submitAll(txs, i -> batch.get(i).proof());
        } catch (RuntimeException | Error e) {
            batches++;
            LOG.error("a batch of {} transactions failed to commit; none of it was applied", batch.size(), e);
            var failure = new Unavailable(Unavailable.Reason.STORE_FAILED, "the ledger store failed to write: " + e.getMessage(), e);
            for (Pending pending : batch) {
                pending.result().completeExceptionally(failure);
            }
            return;
        }
        batches++;
        committed += batch.size();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private static void fail(List<Pending> pendings) {
        for (Pending pending : pendings) {
            pending.result().completeExceptionally(shuttingDown());
        }
    }

    private static Unavailable shuttingDown() {
        return new Unavailable(Unavailable.Reason.SHUTTING_DOWN, "the coordinator is shutting down", null);
    }

    /** Lets the batch being written finish, fails every queued caller, and stops the committer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(POISON);
        try {
            committer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(p -> p == POISON);
        fail(rest);
    }
}
