package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.bps;
import static dev.gridmint.core.economics.Arith.nonNegative;

/**
 * How an epoch's reward pool is divided (L11): a basis-point share of it (the work part), and a
 * member's pro rata slice of a pool. Both round down, so a split never pays out more than the
 * pool; the dust is simply not minted. Shared by the ledger's epoch close and the simulator.
 */
public final class RewardSplit {

    private RewardSplit() {}

    /** {@code floor(amount * bps / 10^4)}. */
    public static long share(long amount, int shareBps) {
        nonNegative(amount, "amount");
        bps(shareBps, "shareBps");
        return Arith.mulDiv(amount, shareBps, Arith.BPS);
    }

    /** {@code floor(pool * weight / totalWeight)}; 0 when either weight is 0. */
    public static long prorate(long pool, long weight, long totalWeight) {
        nonNegative(pool, "pool");
        nonNegative(weight, "weight");
        if (totalWeight == 0 || weight == 0) {
            return 0;
        }
        return Arith.mulDiv(pool, weight, totalWeight);
    }
}
