package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.EmissionSchedule;
import dev.gridmint.core.economics.NetEmission;
import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.economics.RewardSplit;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.EpochSummary;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Closing an epoch (L9–L12): every lease is billed up to now, then the epoch's rewards are paid.
 * Providers get the scheduled emission, newly minted, plus the net emission: the Helium rule,
 * smoothed 6/7–1/7 and capped, run on the <em>previous</em> epoch's burn (GRID paid into the vault
 * for credits), so no reward depends on the burn of the epoch it pays. The net emission is not
 * minted: it is released from the vault's surplus, the GRID no outstanding credit can claim at
 * the current price, so a burn is never paid out twice and credits stay backed. Whatever the cap
 * or the surplus holds back stays in the vault, out of circulation. Provider rewards are split
 * between settled work and active devices; checkers get the linear schedule pro rata to stake,
 * their delegators less the operator's commission, but only those whose verdicts agreed with the
 * consensus (see {@link VerdictRules}). Partner pools are brought up to date, and those past their
 * claim window are closed. The epoch seed moves on.
 */
final class EpochRules {

    private static final byte[] GENESIS_SEED_DOMAIN = "gridmint/epoch-seed/genesis".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EPOCH_SEED_DOMAIN = "gridmint/epoch-seed/v1".getBytes(StandardCharsets.UTF_8);

    private EpochRules() {}

    static ApplyResult close(Context c, CloseEpoch close) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("closes epochs");
        }
        var clock = c.state().clock();
        if (close.epoch() != clock.epoch()) {
            return reject(TxError.INVALID_AMOUNT, "the open epoch is " + clock.epoch() + ", not " + close.epoch());
        }
        EmissionParams emission = c.params().emission();
        long end = clock.epochEnd(emission.epochSeconds());
        if (c.now() < end) {
            return reject(TxError.EPOCH_NOT_OVER, "epoch " + clock.epoch() + " ends at " + end + ", ledger time is " + c.now());
        }
        Hash seed = nextSeed(c.state().epochSeed(), clock.epoch(), c.state().root());
        LedgerState next = PartnerRules.closeExpired(settleLeases(c));
        NetworkParams params = c.params();
        long pool = params.token().providerPool();
        long scheduled = EmissionSchedule.providerEpochEmission(pool, emission.providerFirstYearBps(),
                emission.providerDecayBps(), emission.providerDecayPeriodYears(), emission.providerYears(), clock.epoch(),
                emission.epochSeconds());
        long cap = EmissionSchedule.netEmissionCapPerEpoch(pool, emission.providerFirstYearBps(),
                emission.netEmissionCapBps(), emission.epochSeconds());
        var net = NetEmission.next(clock.netEmissionTarget(), clock.burnLastEpoch(), cap);
        long released = Math.min(net.net(), vaultSurplus(next, params));
        long minted = Math.min(scheduled, Treasury.headroom(next, params));
        long providerEmission = minted + released;
        long workPool = share(providerEmission, emission.workShareBps());
        var providerRewards = rewardProviders(next, params, workPool, providerEmission - workPool);
        next = providerRewards.state();
        // What was paid came from the release first, the rest was minted; what no provider could take was neither.
        long paid = providerRewards.work() + providerRewards.availability();
        long fromVault = Math.min(paid, released);
        next = next.withSupply(next.supply().vault(-fromVault).mint(paid - fromVault).rewardPool(paid));
        long checkerPool = Math.min(EmissionSchedule.checkerEpochEmission(params.token().checkerPool(),
                emission.checkerYears(), clock.epoch(), emission.epochSeconds()), Treasury.headroom(next, params));
        // Verdicts are judged after the provider rewards, so a slash reaches this epoch's reward first.
        var verdicts = VerdictRules.close(next, params, c.now());
        var checkerRewards = rewardCheckers(verdicts.state(), params, checkerPool, verdicts.agreeingCheckers());
        next = checkerRewards.state();
        var summary = new EpochSummary(clock.epoch(), c.now(), paid, providerRewards.work(), providerRewards.availability(),
                checkerRewards.minted(), clock.burnThisEpoch(), fromVault, Math.max(0, clock.burnLastEpoch() - fromVault),
                Treasury.price(next, params).orElse(0));
        return new Applied(next.withEpochSummary(summary).withEpochSeed(seed)
                .withClock(next.clock().nextEpoch(net.target())));
    }

    /** The genesis seed: the hash of the genesis transaction, so every parameter and allocation feeds it. */
    static Hash genesisSeed(Hash genesisTx) {
        return Hash.sha256(GENESIS_SEED_DOMAIN, genesisTx.bytes());
    }

    /**
     * The next epoch's seed: {@code SHA-256(domain ‖ seed ‖ closing epoch ‖ state root as the close
     * begins)}. The root commits to every transaction of the epoch, so no single party picks it
     * without also picking the ledger's content; the coordinator, who orders the log, is the one
     * party with some sway, as with any seed taken from the ledger itself.
     */
    static Hash nextSeed(Hash seed, long closingEpoch, Hash rootBefore) {
        return Hash.sha256(EPOCH_SEED_DOMAIN, seed.bytes(), new ByteWriter().i64(closingEpoch).toByteArray(),
                rootBefore.bytes());
    }

    private static LedgerState settleLeases(Context c) {
        var leased = new ArrayList<Job>();
        for (Job job : c.state().jobs().values()) {
            if (job.status() == JobStatus.LEASED) {
                leased.add(job);
            }
        }
        LedgerState next = c.state();
        for (Job job : leased) {
            next = LeaseRules.settle(next, c.network(), next.job(job.id()).orElseThrow(), c.now());
        }
        return next;
    }

    /** What the provider rewards came to: the new state and the two parts paid. */
    private record ProviderRewards(LedgerState state, long work, long availability) {}

    /** What the checker rewards came to: the new state and what was minted for them. */
    private record CheckerRewards(LedgerState state, long minted) {}

    /**
     * L11: the work pool pro rata to credits settled this epoch, the availability pool pro rata to
     * active devices; the caller funds what was paid.
     */
    private static ProviderRewards rewardProviders(LedgerState state, NetworkParams params, long workPool, long availabilityPool) {
        long totalWork = 0;
        long totalDevices = 0;
        for (Provider p : state.providers().values()) {
            totalWork = Math.addExact(totalWork, p.epochWork());
            totalDevices = Math.addExact(totalDevices, activeDevices(p, params));
        }
        LedgerState next = state;
        long paidWork = 0;
        long paidAvailability = 0;
        for (Provider p : state.providers().values()) {
            long work = prorate(workPool, p.epochWork(), totalWork);
            long availability = prorate(availabilityPool, activeDevices(p, params), totalDevices);
            paidWork += work;
            paidAvailability += availability;
            next = next.withProvider(p.closeEpoch(work + availability));
        }
        return new ProviderRewards(next, paidWork, paidAvailability);
    }

    /** GRID in the vault beyond what every outstanding credit could claim at the current price; none without a price. */
    private static long vaultSurplus(LedgerState state, NetworkParams params) {
        var price = Treasury.price(state, params);
        if (price.isEmpty()) {
            return 0;
        }
        return Bme.vaultSurplus(state.supply().vault(), state.supply().creditsOutstanding(), price.getAsLong());
    }

    private static long activeDevices(Provider provider, NetworkParams params) {
        return provider.isActive(params.staking()) ? provider.offer().deviceCount() : 0;
    }

    /**
     * L10/L14: the checkers that judged in the epoch and were never outvoted, with at least the
     * minimum stake, share the pool pro rata to stake; the operator keeps the commission and the rest
     * raises the checker's reward index. When none qualifies nothing is minted: the epoch's checker
     * emission stays in the unminted reserve.
     */
    private static CheckerRewards rewardCheckers(LedgerState state, NetworkParams params, long pool,
            Set<Address> agreeing) {
        long minStake = params.staking().minCheckerStake();
        List<Checker> paid = new ArrayList<>();
        long totalStake = 0;
        for (Checker checker : state.checkers().values()) {
            if (agreeing.contains(checker.operator()) && checker.meetsMinimum(minStake)) {
                paid.add(checker);
                totalStake = Math.addExact(totalStake, checker.delegated());
            }
        }
        LedgerState next = state;
        long minted = 0;
        for (Checker checker : paid) {
            long reward = prorate(pool, checker.delegated(), totalStake);
            long commission = share(reward, params.staking().delegationCommissionBps());
            var accrual = RewardIndex.accrue(checker.rewardPerShare(), reward - commission, checker.delegated());
            minted += commission + accrual.distributed();
            next = next.withChecker(checker.rewarded(accrual.perShare(), commission));
        }
        return new CheckerRewards(next.withSupply(next.supply().mint(minted).rewardPool(minted)), minted);
    }

    private static long prorate(long pool, long weight, long totalWeight) {
        return RewardSplit.prorate(pool, weight, totalWeight);
    }

    private static long share(long amount, int bps) {
        return RewardSplit.share(amount, bps);
    }
}
