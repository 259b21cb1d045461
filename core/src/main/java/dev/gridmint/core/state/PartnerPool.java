package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.math.BigInteger;

/**
 * A partner-token reward pool: {@code amount} units streamed linearly from {@code startAt} to
 * {@code endAt} to everyone with stake delegated to checkers, pro rata, through a reward-per-share
 * index. What no staker could receive goes back to the sponsor when the pool ends.
 *
 * @param id the hash of the transaction that opened it
 * @param accruedTo ledger time up to which the stream has been added to the index
 * @param distributed units added to the index, the most stakers can ever claim
 * @param claimed units stakers have claimed
 * @param returned units given back to the sponsor at the end
 */
public record PartnerPool(
        Hash id,
        String token,
        Address sponsor,
        long amount,
        long startAt,
        long endAt,
        long accruedTo,
        BigInteger rewardPerShare,
        long distributed,
        long claimed,
        long returned) {

    public PartnerPool {
        Checks.positive(amount, "pool amount");
        if (endAt <= startAt || accruedTo < startAt || accruedTo > endAt) {
            throw new IllegalArgumentException("a pool runs from its start to a later end");
        }
        Checks.nonNegative(distributed, "distributed");
        Checks.nonNegative(claimed, "claimed");
        Checks.nonNegative(returned, "returned");
        if (claimed > distributed || Math.addExact(distributed, returned) > amount) {
            throw new IllegalArgumentException("a pool pays out at most what it holds");
        }
    }

    public static PartnerPool opened(Hash id, String token, Address sponsor, long amount, long now, long durationSeconds) {
        return new PartnerPool(id, token, sponsor, amount, now, Math.addExact(now, durationSeconds), now, BigInteger.ZERO, 0, 0, 0);
    }

    /** Units the stream has released by {@code time}: linear, rounded down. */
    public long releasedBy(long time) {
        long elapsed = Math.min(time, endAt) - startAt;
        return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(elapsed))
                .divide(BigInteger.valueOf(endAt - startAt)).longValueExact();
    }

    /** Units still held by the pool: for stakers' claims, or to return. */
    public long holding() {
        return amount - claimed - returned;
    }

    public boolean ended() {
        return accruedTo == endAt;
    }

    public PartnerPool accrued(long to, BigInteger newIndex, long addedDistributed) {
        return new PartnerPool(id, token, sponsor, amount, startAt, endAt, to, newIndex,
                Math.addExact(distributed, addedDistributed), claimed, returned);
    }

    public PartnerPool claim(long units) {
        return new PartnerPool(id, token, sponsor, amount, startAt, endAt, accruedTo, rewardPerShare, distributed,
                Math.addExact(claimed, units), returned);
    }

    public PartnerPool returnRest() {
        return new PartnerPool(id, token, sponsor, amount, startAt, endAt, accruedTo, rewardPerShare, distributed,
                claimed, amount - distributed);
    }
}
