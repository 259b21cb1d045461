package dev.gridmint.core.state;

import java.math.BigInteger;

/**
 * Stake bonded to a checker by one delegator.
 *
 * @param amount micro-GRID bonded
 * @param rewardIndexAtEntry the checker's reward index when rewards were last settled into {@code accrued}
 * @param accrued micro-GRID of rewards settled and not yet claimed
 */
public record Delegation(long amount, BigInteger rewardIndexAtEntry, long accrued) {

    public Delegation {
        Checks.nonNegative(amount, "delegated amount");
        Checks.nonNegative(accrued, "accrued rewards");
    }
}
