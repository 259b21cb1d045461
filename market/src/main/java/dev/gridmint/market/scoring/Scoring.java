package dev.gridmint.market.scoring;

import dev.gridmint.core.economics.Reputation;

/**
 * The score of a node for an order: an effective price, lower is better. The offer's price per
 * GPU-hour is the unit, and each other criterion adds a surcharge in permille:
 *
 * <pre>
 * score = price × (1000 + wRep × (1000 − reputation) / 1000)      reputation factor
 *               × (1000 + wFit × min(leftover, 8) / 8)             fit factor: GPUs the node keeps idle
 *               × (1000 + (preferred region ? 0 : wRegion))        region factor
 * </pre>
 *
 * Weights are 0..1000, so each factor is 1000..2000 and a score of a price up to 10⁹ micro-CC
 * fits a {@code long} exactly: no floating point, so every machine agrees. Ties go to the lower
 * offer id.
 *
 * <p>The split matters for the index: {@code price × reputation factor} belongs to the node alone
 * (its {@link #base}), while the fit and region factors depend only on which bucket the node sits
 * in (its free GPUs and its region). So within a bucket ordered by base, the first node that
 * meets an order is the bucket's best.
 */
public record Scoring(int reputationWeight, int fitWeight, int regionWeight) {

    public static final Scoring DEFAULT = new Scoring(400, 100, 150);
    public static final int FIT_SPAN = 8;
    private static final long UNIT = 1000;

    public Scoring {
        for (int weight : new int[] {reputationWeight, fitWeight, regionWeight}) {
            if (weight < 0 || weight > 1000) {
                throw new IllegalArgumentException("scoring weights are 0..1000 permille");
            }
        }
    }

    public long reputationFactor(int reputation) {
        int clamped = Math.clamp(reputation, 0, Reputation.MAX);
        return UNIT + (long) reputationWeight * (Reputation.MAX - clamped) / Reputation.MAX;
    }

    /** {@code leftover}: the GPUs still free on the node after this order takes its share. */
    public long fitFactor(int leftover) {
        return UNIT + (long) fitWeight * Math.min(leftover, FIT_SPAN) / FIT_SPAN;
    }

    public long regionFactor(boolean preferred) {
        return preferred ? UNIT : UNIT + regionWeight;
    }

    /** The part of the score that belongs to the node alone. */
    public long base(long price, int reputation) {
        return Math.multiplyExact(price, reputationFactor(reputation));
    }

    public long score(long base, int leftover, boolean preferredRegion) {
        return Math.multiplyExact(Math.multiplyExact(base, fitFactor(leftover)), regionFactor(preferredRegion));
    }
}
