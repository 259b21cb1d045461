package dev.gridmint.core.state;

import java.math.BigInteger;

/**
 * A delegation's standing in one partner pool.
 *
 * @param rewardIndexAtEntry the pool's index when the delegation's rewards were last settled
 * @param accrued units settled and not yet claimed
 */
public record PartnerStake(BigInteger rewardIndexAtEntry, long accrued) {

    public PartnerStake {
        if (rewardIndexAtEntry.signum() < 0) {
            throw new IllegalArgumentException("the reward index must not be negative");
        }
        Checks.nonNegative(accrued, "accrued");
    }
}
