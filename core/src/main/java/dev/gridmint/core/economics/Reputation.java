package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.bps;

/**
 * A provider's reputation: 0..{@value #MAX}, starting at {@value #NEUTRAL}, moved towards each
 * verdict's consensus score by an exponentially weighted moving average. The step rounds towards
 * the verdict, so a run of perfect verdicts reaches {@value #MAX} exactly instead of stalling one
 * short of it, and a run of failures reaches 0. Shared by the ledger and the verification layer.
 */
public final class Reputation {

    public static final int MAX = 1_000;
    public static final int NEUTRAL = 500;

    private Reputation() {}

    /** {@code reputation + α × (score − reputation)}, α in bps, rounded towards {@code score}. */
    public static int update(int reputation, int score, int alphaBps) {
        inRange(reputation, "reputation");
        inRange(score, "score");
        bps(alphaBps, "alphaBps");
        long step = (long) (score - reputation) * alphaBps;
        long rounded = step >= 0 ? Math.ceilDiv(step, Arith.BPS) : Math.floorDiv(step, Arith.BPS);
        return (int) (reputation + rounded);
    }

    private static void inRange(int value, String name) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX + ", was " + value);
        }
    }
}
