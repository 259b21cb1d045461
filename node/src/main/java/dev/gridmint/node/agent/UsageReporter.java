package dev.gridmint.node.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interim usage receipts of one running job attempt. Receipts are cumulative and the ledger
 * refuses one that shrinks, so this keeps the highest amount it has had accepted, sends only a
 * larger one, and once {@link #close closed} sends nothing more: the final receipt, taken as at
 * least {@link #close}'s answer, can never land below an interim one.
 */
final class UsageReporter {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReporter.class);

    private final String jobId;
    private final LongSupplier usageMillis;
    private final long limitMillis;
    private final LongConsumer submit;
    private long reported;
    private boolean closed;
    private ScheduledFuture<?> ticks;

    /**
     * @param usageMillis the job's cumulative usage now
     * @param limitMillis the most the job's lease pays for
     * @param alreadyReported what the ledger holds already for this attempt (an agent that adopts a job after a restart)
     * @param submit signs and submits a receipt for that many milliseconds; throws when it is refused
     */
    UsageReporter(String jobId, LongSupplier usageMillis, long limitMillis, long alreadyReported, LongConsumer submit) {
        this.jobId = jobId;
        this.usageMillis = usageMillis;
        this.limitMillis = limitMillis;
        this.reported = alreadyReported;
        this.submit = submit;
    }

    /**
     * Ticks every {@code interval} until closed. Each tick runs on its own virtual thread: a receipt
     * is an HTTP round trip, which must not hold up the agent's timer thread (heartbeats, log flushes).
     */
    synchronized UsageReporter every(ScheduledExecutorService timers, Duration interval) {
        long millis = interval.toMillis();
        ticks = timers.scheduleAtFixedRate(() -> Thread.ofVirtual().name("usage-" + jobId.substring(0, 12)).start(this::tick),
                millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Submits the usage so far if it grew; a receipt that does not land is logged, and the next one covers it. */
    synchronized void tick() {
        long now = Math.min(usageMillis.getAsLong(), limitMillis);
        if (closed || now <= reported) {
            return;
        }
        try {
            submit.accept(now);
            reported = now;
        } catch (RuntimeException e) {
            LOG.warn("job {}: the interim usage receipt ({} ms) was not accepted: {}", jobId.substring(0, 12), now, e.getMessage());
        }
    }

    /** Stops the interim receipts; returns the most any of them claimed, the floor of the final one. */
    synchronized long close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        return reported;
    }

    /** What the final receipt claims: the job's metered usage, never below an interim receipt nor above the limit. */
    long finalMillis(long meteredMillis) {
        return Math.max(close(), Math.min(meteredMillis, limitMillis));
    }
}
