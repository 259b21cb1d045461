package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.Delegation;
import dev.gridmint.core.state.DelegationKey;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.PartnerPool;
import dev.gridmint.core.state.PartnerStake;
import dev.gridmint.core.state.PartnerStakeKey;
import dev.gridmint.core.state.PartnerToken;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.OpenPartnerPool;
import dev.gridmint.core.tx.TxPayload.TransferPartnerToken;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Partner-token reward pools (L20): a partner streams its own token to everyone with stake
 * delegated to checkers, pro rata to stake and per second, each pool at its own rate for its
 * own duration. Every pool has a reward-per-share index like the checkers' GRID rewards; a
 * delegation's share is settled in every pool before its amount changes, so joining late or
 * leaving early earns exactly the seconds staked. When a pool ends, stakers have a claim window
 * (L18); then what is left goes back to the sponsor and the pool is removed.
 */
final class PartnerRules {

    /**
     * Pools at once, streaming or in their claim window: every delegation change settles each of
     * them, so this bounds that work and the stakes table.
     */
    static final int MAX_POOLS = 8;
    /** L18: a week to claim after a pool ends. */
    static final long CLAIM_WINDOW_SECONDS = 7L * 24 * 3600;
    static final long MIN_DURATION_SECONDS = 3_600;
    static final long MAX_DURATION_SECONDS = 4L * 365 * 24 * 3600;
    static final long MAX_AMOUNT = 1_000_000_000_000_000_000L;

    private PartnerRules() {}

    static ApplyResult open(Context c, OpenPartnerPool open) {
        if (open.amount() <= 0 || open.amount() > MAX_AMOUNT) {
            return reject(TxError.INVALID_AMOUNT, "a pool holds 1.." + MAX_AMOUNT + " units");
        }
        if (open.durationSeconds() < MIN_DURATION_SECONDS || open.durationSeconds() > MAX_DURATION_SECONDS) {
            return reject(TxError.INVALID_AMOUNT, "a pool runs " + MIN_DURATION_SECONDS + ".." + MAX_DURATION_SECONDS + " seconds");
        }
        Optional<PartnerToken> existing = c.state().partnerTokens().get(open.token());
        if (existing.isPresent() && !existing.get().issuer().equals(c.signer())) {
            return reject(TxError.UNAUTHORIZED, open.token() + " is issued by " + existing.get().issuer());
        }
        if (c.state().partnerPools().size() >= MAX_POOLS) {
            return reject(TxError.POOL_LIMIT, MAX_POOLS + " pools are already streaming or in their claim window");
        }
        PartnerToken token = existing.orElse(new PartnerToken(open.token(), c.signer(), 0));
        if (token.issued() > Long.MAX_VALUE / 2 - open.amount()) {
            return reject(TxError.INVALID_AMOUNT, "the token's issue would overflow");
        }
        var pool = PartnerPool.opened(c.tx().hash(), open.token(), c.signer(), open.amount(), c.now(), open.durationSeconds());
        return new Applied(c.state().withPartnerToken(token.issue(open.amount())).withPartnerPool(pool));
    }

    static ApplyResult transfer(Context c, TransferPartnerToken transfer) {
        if (c.state().partnerTokens().get(transfer.token()).isEmpty()) {
            return reject(TxError.UNKNOWN_TOKEN, "no partner token " + transfer.token());
        }
        if (transfer.amount() <= 0) {
            return Refusals.notPositive("a transfer");
        }
        long held = c.state().partnerBalance(transfer.token(), c.signer());
        if (held < transfer.amount()) {
            return Refusals.insufficientFunds(held, transfer.amount(), transfer.token() + " balance");
        }
        LedgerState next = c.state().withPartnerBalance(transfer.token(), c.signer(), held - transfer.amount());
        long to = next.partnerBalance(transfer.token(), transfer.to());
        return new Applied(next.withPartnerBalance(transfer.token(), transfer.to(), Math.addExact(to, transfer.amount())));
    }

    /**
     * Brings every pool's index up to now, with the delegated stake as it stands, and settles this
     * delegation's share in each; call it before the delegation's amount changes.
     */
    static LedgerState settle(LedgerState state, DelegationKey key) {
        LedgerState next = accrueAll(state);
        long amount = next.delegations().get(key).map(Delegation::amount).orElse(0L);
        for (PartnerPool pool : next.partnerPools().values()) {
            var stakeKey = new PartnerStakeKey(pool.id(), key);
            PartnerStake stake = next.partnerStakes().get(stakeKey).orElse(new PartnerStake(BigInteger.ZERO, 0));
            long earned = RewardIndex.earned(amount, pool.rewardPerShare(), stake.rewardIndexAtEntry());
            next = next.withPartnerStake(stakeKey, new PartnerStake(pool.rewardPerShare(), Math.addExact(stake.accrued(), earned)));
        }
        return next;
    }

    /** Pays a delegation's settled partner rewards into the delegator's partner balances; returns the units paid. */
    static Claimed claim(LedgerState state, DelegationKey key) {
        LedgerState next = settle(state, key);
        long paid = 0;
        for (PartnerPool pool : next.partnerPools().values()) {
            var stakeKey = new PartnerStakeKey(pool.id(), key);
            long accrued = next.partnerStakes().get(stakeKey).map(PartnerStake::accrued).orElse(0L);
            if (accrued == 0) {
                continue;
            }
            paid = Math.addExact(paid, accrued);
            long balance = next.partnerBalance(pool.token(), key.delegator());
            next = next.withPartnerStake(stakeKey, new PartnerStake(pool.rewardPerShare(), 0))
                    .withPartnerPool(pool.claim(accrued))
                    .withPartnerBalance(pool.token(), key.delegator(), Math.addExact(balance, accrued));
        }
        return new Claimed(next, paid);
    }

    record Claimed(LedgerState state, long units) {}

    /**
     * At an epoch close: every pool is brought up to now, and a pool whose claim window is over
     * returns what it still holds to its sponsor and is removed with its stakes.
     */
    static LedgerState closeExpired(LedgerState state) {
        LedgerState next = accrueAll(state);
        var expired = new ArrayList<PartnerPool>();
        for (PartnerPool pool : next.partnerPools().values()) {
            if (next.now() >= pool.endAt() + CLAIM_WINDOW_SECONDS) {
                expired.add(pool);
            }
        }
        for (PartnerPool pool : expired) {
            long rest = pool.holding();
            long balance = next.partnerBalance(pool.token(), pool.sponsor());
            next = next.withoutPartnerPool(pool.id())
                    .withPartnerBalance(pool.token(), pool.sponsor(), Math.addExact(balance, rest));
            for (var key : next.partnerStakes().asMap().keySet()) {
                if (key.pool().equals(pool.id())) {
                    next = next.withoutPartnerStake(key);
                }
            }
        }
        return next;
    }

    /** Adds each pool's stream since it was last accrued to its index, over all delegated stake. */
    private static LedgerState accrueAll(LedgerState state) {
        long delegated = 0;
        for (Checker checker : state.checkers().values()) {
            delegated = Math.addExact(delegated, checker.delegated());
        }
        LedgerState next = state;
        for (PartnerPool pool : state.partnerPools().values()) {
            long to = Math.min(state.now(), pool.endAt());
            if (to <= pool.accruedTo()) {
                continue;
            }
            long released = pool.releasedBy(to) - pool.releasedBy(pool.accruedTo());
            var accrual = RewardIndex.accrue(pool.rewardPerShare(), released, delegated);
            next = next.withPartnerPool(pool.accrued(to, accrual.perShare(), accrual.distributed()));
        }
        return next;
    }
}
