package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.BPS_BIG;
import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.bps;
import static dev.gridmint.core.economics.Arith.ceilDiv;
import static dev.gridmint.core.economics.Arith.nonNegative;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Penalties for providers. Outages cost days of reward (more when undeclared, so announcing
 * maintenance pays), lease downtime and fraud cost a share of stake, and leaving early costs
 * days of reward growing with age, so that a provider cannot farm emissions and walk away.
 * Slash amounts round up and the reporter's share rounds down: both in the protocol's favour.
 */
public final class Slashing {


    /** What a provider is slashed for. */
    public enum Offence {
        DECLARED_OUTAGE,
        UNDECLARED_OUTAGE,
        LEASE_DOWNTIME,
        FRAUD,
        EARLY_EXIT
    }

    /**
     * The slashing parameters: outages in thousandths of a day of reward, stake shares in bps,
     * the early-exit penalty in days of reward (a base plus one per day of age, up to a maximum),
     * and the reporter's share of a slash in bps.
     */
    public record SlashTerms(int declaredOutageMilliDays, int undeclaredOutageMilliDays, int downtimeStakeBps,
            int fraudStakeBps, int earlyExitBaseDays, int earlyExitMaxAgeDays, int reporterShareBps) {

        /** The network's default terms. */
        public static final SlashTerms DEFAULTS = new SlashTerms(2140, 5000, 3333, 10_000, 20, 70, 2500);

        public SlashTerms {
            nonNegative(declaredOutageMilliDays, "declaredOutageMilliDays");
            nonNegative(undeclaredOutageMilliDays, "undeclaredOutageMilliDays");
            bps(downtimeStakeBps, "downtimeStakeBps");
            bps(fraudStakeBps, "fraudStakeBps");
            nonNegative(earlyExitBaseDays, "earlyExitBaseDays");
            nonNegative(earlyExitMaxAgeDays, "earlyExitMaxAgeDays");
            bps(reporterShareBps, "reporterShareBps");
        }
    }

    /** Where a slash was taken from; {@code total} may fall short of the amount asked for. */
    public record Take(long fromRewards, long fromBonded, long fromUnbonding, long total) {}

    /** How a slash is split: the reporter's bounty, and the rest burned. */
    public record Split(long toReporter, long burned) {}

    private Slashing() {}

    /**
     * The slash for an offence: outages {@code ceil(dailyReward * milliDays / 1000)}; downtime and
     * fraud {@code ceil(fullStake * bps / 10^4)}; early exit {@code dailyReward * (baseDays +
     * min(ageDays, maxAgeDays))}.
     */
    public static long amount(Offence offence, SlashTerms terms, long dailyReward, long fullStake, long ageDays) {
        Objects.requireNonNull(offence, "offence");
        Objects.requireNonNull(terms, "terms");
        nonNegative(dailyReward, "dailyReward");
        nonNegative(fullStake, "fullStake");
        nonNegative(ageDays, "ageDays");
        return switch (offence) {
            case DECLARED_OUTAGE -> Arith.mulDivCeil(dailyReward, terms.declaredOutageMilliDays(), 1_000);
            case UNDECLARED_OUTAGE -> Arith.mulDivCeil(dailyReward, terms.undeclaredOutageMilliDays(), 1_000);
            case LEASE_DOWNTIME -> stakeShare(fullStake, terms.downtimeStakeBps());
            case FRAUD -> stakeShare(fullStake, terms.fraudStakeBps());
            case EARLY_EXIT -> Math.multiplyExact(dailyReward,
                    terms.earlyExitBaseDays() + Math.min(ageDays, (long) terms.earlyExitMaxAgeDays()));
        };
    }

    /**
     * A slash of a share of stake, {@code ceil(stake * bps / 10^4)}: a provider's for downtime or
     * fraud, a lying checker operator's of its own delegation.
     */
    public static long stakeShare(long stake, int shareBps) {
        nonNegative(stake, "stake");
        bps(shareBps, "shareBps");
        return ceilDiv(big(stake).multiply(big(shareBps)), BPS_BIG).longValueExact();
    }

    /**
     * Takes {@code amount} from unclaimed rewards first, then bonded stake, then unbonding stake,
     * never more than each holds. Rewards go first because they are not yet the provider's; the
     * unbonding stake last, as it is already on its way out but still answers for past faults.
     */
    public static Take take(long amount, long unclaimedRewards, long bonded, long unbonding) {
        nonNegative(amount, "amount");
        nonNegative(unclaimedRewards, "unclaimedRewards");
        nonNegative(bonded, "bonded");
        nonNegative(unbonding, "unbonding");
        long fromRewards = Math.min(amount, unclaimedRewards);
        long left = amount - fromRewards;
        long fromBonded = Math.min(left, bonded);
        left -= fromBonded;
        long fromUnbonding = Math.min(left, unbonding);
        return new Take(fromRewards, fromBonded, fromUnbonding, fromRewards + fromBonded + fromUnbonding);
    }

    /**
     * Splits a slash: {@code toReporter = floor(total * bps / 10^4)}, the rest burned. Rounded
     * down so the bounty never exceeds its share.
     */
    public static Split split(long total, int reporterShareBps) {
        nonNegative(total, "total");
        bps(reporterShareBps, "reporterShareBps");
        long toReporter = Arith.mulDiv(total, reporterShareBps, Arith.BPS);
        return new Split(toReporter, total - toReporter);
    }
}
