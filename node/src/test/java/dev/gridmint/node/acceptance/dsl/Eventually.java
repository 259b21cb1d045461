package dev.gridmint.node.acceptance.dsl;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polling with a deadline, for conditions that become true in another thread or process. It
 * never asserts on how long something took: the timeout is only a bound on how long a broken
 * system is waited for before the test fails with the last value it saw.
 *
 * <p>A {@link RuntimeException} from the probe (say, the coordinator is restarting) counts as
 * "not yet"; an {@link AssertionError} from it fails at once, so a probe can give up early when
 * the condition can no longer become true.
 */
public final class Eventually {

    /** How long to sleep between probes: short next to the seconds a job takes, long next to a REST call. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private Eventually() {}

    /** Probes until {@code done} holds for the probed value, and returns that value. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastFailure = null;
        while (true) {
            try {
                last = probe.get();
                lastFailure = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                var timedOut = new AssertionError("timed out after " + timeout + " waiting for " + what
                        + (lastFailure == null ? "; last seen: " + last : "; last probe failed: " + lastFailure));
                if (lastFailure != null) {
                    timedOut.initCause(lastFailure);
                }
                throw timedOut;
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Probes until the condition holds. */
    public static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        await(what, timeout, condition, Boolean.TRUE::equals);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
