package dev.gridmint.node.acceptance.dsl;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The coordinator's clock in a {@link TestNetwork}: the system clock, which a test can freeze so
 * that the coordinator's clock ticks stop moving the ledger (for before/after comparisons), and
 * let run again. Time never goes back: after {@link #resume()} it jumps to the system time.
 */
public final class TestClock implements InstantSource {

    private volatile Instant frozenAt;

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now();
    }

    /** Stops the clock where it is now; returns that instant. */
    public synchronized Instant freeze() {
        if (frozenAt == null) {
            frozenAt = Instant.now();
        }
        return frozenAt;
    }

    /** Moves a frozen clock on by {@code duration}; it stays frozen. */
    public synchronized Instant advance(java.time.Duration duration) {
        if (frozenAt == null) {
            throw new IllegalStateException("only a frozen clock is moved by hand");
        }
        frozenAt = frozenAt.plus(duration);
        return frozenAt;
    }

    /** Lets the clock follow the system time again. */
    public synchronized void resume() {
        frozenAt = null;
    }

    public boolean isFrozen() {
        return frozenAt != null;
    }
}
