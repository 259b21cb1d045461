package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import java.math.BigInteger;

/**
 * A checker: an operator that audits providers, backed by the stake delegated to it (its own
 * included). Its epoch rewards go to its delegators through a reward-per-share index, less the
 * operator's commission.
 *
 * @param delegated micro-GRID bonded to it by every delegator
 * @param rewardPerShare the reward index, scaled by {@link dev.gridmint.core.economics.RewardIndex#SCALE}
 * @param commission micro-GRID of commission earned by the operator and not yet claimed
 */
public record Checker(Address operator, long registeredAt, long delegated, BigInteger rewardPerShare, long commission) {

    public Checker {
        Checks.nonNegative(delegated, "delegated stake");
        Checks.nonNegative(commission, "commission");
        if (rewardPerShare.signum() < 0) {
            throw new IllegalArgumentException("the reward index must not be negative");
        }
    }

    public static Checker registered(Address operator, long now) {
        return new Checker(operator, now, 0, BigInteger.ZERO, 0);
    }

    /** Bonded enough to submit verdicts and be paid: some stake, and at least the minimum. */
    public boolean meetsMinimum(long minStake) {
        return delegated > 0 && delegated >= minStake;
    }

    public Checker withDelegated(long newDelegated) {
        return new Checker(operator, registeredAt, newDelegated, rewardPerShare, commission);
    }

    public Checker rewarded(BigInteger newIndex, long addedCommission) {
        return new Checker(operator, registeredAt, delegated, newIndex, Math.addExact(commission, addedCommission));
    }

    public Checker withCommission(long newCommission) {
        return new Checker(operator, registeredAt, delegated, rewardPerShare, newCommission);
    }
}
