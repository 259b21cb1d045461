package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.economics.RewardSplit;
import java.math.BigInteger;

/**
 * Delegators to the checkers (L14, L19): they earn the checker emission through core's reward
 * index, less the operators' commission, and restake it. They add stake while its yield beats
 * the outside yield plus a premium and withdraw while it is below the outside yield, 2% of their
 * capital per epoch either way.
 */
final class Stakers {

    private static final double STEP = 0.02;

    long staked;
    private BigInteger perShare = BigInteger.ZERO;
    private double usd;
    private final double capital;
    private final double outsideYield;
    private final double premium;

    Stakers(double capitalUsd, double price, double outsideYield, double premium) {
        this.capital = capitalUsd;
        this.usd = capitalUsd / 2;
        this.staked = Math.round(capitalUsd / 2 / price * 1e6);
        this.outsideYield = outsideYield;
        this.premium = premium;
    }

    /** Distributes the epoch's checker emission; returns what goes to the operators instead (commission, dust). */
    long reward(long pool, int commissionBps, long[] mintedOut) {
        if (staked == 0) {
            mintedOut[0] = pool;
            return pool;
        }
        long commission = RewardSplit.share(pool, commissionBps);
        var accrual = RewardIndex.accrue(perShare, pool - commission, staked);
        perShare = accrual.perShare();
        staked += accrual.distributed();
        mintedOut[0] = commission + accrual.distributed();
        return commission;
    }

    /** Stakes or unstakes against the outside yield, from the epoch's reward rate. */
    void rebalance(Flows flows, long lastReward) {
        double apr = staked == 0 ? Double.POSITIVE_INFINITY : lastReward * 365.0 / staked;
        if (apr > outsideYield + premium && usd > 0) {
            double spend = Math.min(usd, STEP * capital);
            usd -= spend;
            staked += Math.round(flows.buyWithUsd(spend) * 1e6);
        } else if (apr < outsideYield && staked > 0) {
            long out = Math.max(1, Math.round(staked * STEP));
            out = Math.min(out, staked);
            staked -= out;
            usd += flows.sell(out / 1e6);
        }
    }
}
