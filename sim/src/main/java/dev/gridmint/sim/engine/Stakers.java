package dev.gridmint.sim.engine;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.economics.RewardSplit;
import dev.gridmint.core.state.PartnerPool;
import dev.gridmint.sim.config.PartnerProgram;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Delegators to the checkers (L14, L19): they earn the checker emission through core's reward
 * index, less the operators' commission, and restake it. They add stake while its yield beats
 * the outside yield plus a premium and withdraw while it is below the outside yield, 2% of their
 * capital per epoch either way. A partner's pool (L20) streams its token to the same stake
 * through core's {@link PartnerPool} schedule and a reward index of its own; the stakers sell it
 * on the partner's market and count it in their yield.
 */
final class Stakers {

    private static final double STEP = 0.02;
    private static final long DAY = 86_400;

    long staked;
    private BigInteger perShare = BigInteger.ZERO;
    private double usd;
    private final double capital;
    private final double outsideYield;
    private final double premium;
    private final PartnerProgram partner;
    private final PartnerPool partnerPool;
    private BigInteger partnerPerShare = BigInteger.ZERO;
    private long partnerDust;
    private double lastPartnerUsd;

    Stakers(double capitalUsd, double price, double outsideYield, double premium, PartnerProgram partner) {
        this.capital = capitalUsd;
        this.usd = capitalUsd / 2;
        this.staked = Math.round(capitalUsd / 2 / price * 1e6);
        this.outsideYield = outsideYield;
        this.premium = premium;
        this.partner = partner;
        long amount = partner.amountMicro(capitalUsd);
        this.partnerPool = amount == 0 ? null : PartnerPool.opened(Hash.sha256("sim/partner-pool".getBytes(StandardCharsets.UTF_8)),
                "PARTNER", new Address(new byte[Address.LENGTH]), amount, 0, partner.durationDays() * DAY);
    }

    /**
     * Epoch {@code t}'s slice of the partner stream, added to the index over the stake (as the
     * ledger's accrual does) and sold by the stakers at the partner token's price. Returns the
     * partner units distributed; what the index cannot credit is the dust the sponsor gets back.
     */
    long partnerEpoch(int t) {
        lastPartnerUsd = 0;
        if (partnerPool == null) {
            return 0;
        }
        long released = partnerPool.releasedBy((t + 1) * DAY) - partnerPool.releasedBy(t * DAY);
        var accrual = RewardIndex.accrue(partnerPerShare, released, staked);
        partnerPerShare = accrual.perShare();
        partnerDust += accrual.dust();
        lastPartnerUsd = accrual.distributed() / 1e6 * partner.tokenPriceUsd();
        usd += lastPartnerUsd;
        return accrual.distributed();
    }

    /** Partner units the stakers could not be credited (no stake, index rounding): back to the sponsor. */
    long partnerDust() {
        return partnerDust;
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

    /** Stakes or unstakes against the outside yield, from the epoch's GRID reward and partner income. */
    void rebalance(Flows flows, long lastReward) {
        double rewardGrid = lastReward + lastPartnerUsd / flows.amm.price() * 1e6;
        double apr = staked == 0 ? Double.POSITIVE_INFINITY : rewardGrid * 365.0 / staked;
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
