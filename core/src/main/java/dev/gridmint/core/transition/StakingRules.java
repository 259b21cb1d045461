package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.RewardIndex;
import dev.gridmint.core.economics.RewardSplit;
import dev.gridmint.core.economics.Slashing;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.Delegation;
import dev.gridmint.core.state.DelegationKey;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Unbonding;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.Slash;
import dev.gridmint.core.tx.TxPayload.Unbond;
import dev.gridmint.core.tx.TxPayload.Withdraw;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stake (L13, L14, L18), rewards (L19) and slashing (L15–L17). Provider stake is bonded per
 * device; checkers are backed by delegations whose rewards flow through a reward-per-share
 * index. Unbonding stake stays slashable until it is withdrawn.
 */
final class StakingRules {

    private static final long DAY_SECONDS = 24 * 3600;

    private StakingRules() {}

    static ApplyResult bondProviderStake(Context c, BondProviderStake bond) {
        Optional<Provider> provider = c.state().provider(c.signer());
        if (provider.isEmpty()) {
            return reject(TxError.UNKNOWN_PROVIDER, "only a registered provider bonds provider stake");
        }
        if (bond.amount() <= 0) {
            return Refusals.notPositive("stake");
        }
        long balance = c.state().account(c.signer()).balance();
        if (balance < bond.amount()) {
            return Refusals.insufficientFunds(balance, bond.amount(), "balance");
        }
        Provider p = provider.get();
        LedgerState next = c.state()
                .debit(c.signer(), bond.amount())
                .withProvider(p.withBonded(Math.addExact(p.bonded(), bond.amount())))
                .withSupply(c.state().supply().staked(bond.amount()));
        return new Applied(next);
    }

    static ApplyResult registerChecker(Context c, RegisterChecker register) {
        if (c.state().checker(c.signer()).isPresent()) {
            return reject(TxError.ALREADY_REGISTERED, "the signer is already a checker");
        }
        return new Applied(c.state().withChecker(Checker.registered(c.signer(), c.now())));
    }

    static ApplyResult delegate(Context c, Delegate delegate) {
        Optional<Checker> checker = c.state().checker(delegate.checker());
        if (checker.isEmpty()) {
            return unknownChecker(delegate.checker());
        }
        if (delegate.amount() <= 0) {
            return Refusals.notPositive("a delegation");
        }
        long balance = c.state().account(c.signer()).balance();
        if (balance < delegate.amount()) {
            return Refusals.insufficientFunds(balance, delegate.amount(), "balance");
        }
        var key = new DelegationKey(delegate.checker(), c.signer());
        LedgerState settled = PartnerRules.settle(c.state(), key);
        Delegation current = accrue(settled, key);
        LedgerState next = settled
                .debit(c.signer(), delegate.amount())
                .withDelegation(key, new Delegation(Math.addExact(current.amount(), delegate.amount()),
                        current.rewardIndexAtEntry(), current.accrued()))
                .withChecker(checker.get().withDelegated(Math.addExact(checker.get().delegated(), delegate.amount())))
                .withSupply(settled.supply().staked(delegate.amount()));
        return new Applied(next);
    }

    static ApplyResult unbond(Context c, Unbond unbond) {
        if (unbond.amount() <= 0) {
            return Refusals.notPositive("an unbonding");
        }
        long releaseAt = Math.addExact(c.now(), c.params().staking().unbondingSeconds());
        if (unbond.checker().isEmpty()) {
            Optional<Provider> provider = c.state().provider(c.signer());
            if (provider.isEmpty() || provider.get().bonded() < unbond.amount()) {
                return reject(TxError.STAKE_TOO_LOW, "the signer has less provider stake bonded than " + unbond.amount());
            }
            Provider p = provider.get();
            var entry = new Unbonding(c.tx().hash(), c.signer(), c.signer(), true, unbond.amount(), releaseAt);
            return new Applied(c.state().withProvider(p.withBonded(p.bonded() - unbond.amount())).withUnbonding(entry));
        }
        Address checkerAddress = unbond.checker().get();
        var key = new DelegationKey(checkerAddress, c.signer());
        if (c.state().delegations().get(key).map(d -> d.amount() < unbond.amount()).orElse(true)) {
            return reject(TxError.STAKE_TOO_LOW, "the signer has less than " + unbond.amount() + " delegated to " + checkerAddress);
        }
        LedgerState settled = PartnerRules.settle(c.state(), key);
        Delegation current = accrue(settled, key);
        Checker checker = settled.checker(checkerAddress).orElseThrow();
        var entry = new Unbonding(c.tx().hash(), c.signer(), checkerAddress, false, unbond.amount(), releaseAt);
        LedgerState next = settled
                .withDelegation(key, new Delegation(current.amount() - unbond.amount(), current.rewardIndexAtEntry(),
                        current.accrued()))
                .withChecker(checker.withDelegated(checker.delegated() - unbond.amount()))
                .withUnbonding(entry);
        return new Applied(next);
    }

    static ApplyResult withdraw(Context c, Withdraw withdraw) {
        Optional<Unbonding> found = c.state().unbondings().get(withdraw.unbondingId());
        if (found.isEmpty() || !found.get().owner().equals(c.signer())) {
            return reject(TxError.UNKNOWN_UNBONDING, "the signer has no unbonding " + withdraw.unbondingId().shortHex());
        }
        Unbonding entry = found.get();
        if (c.now() < entry.releaseAt()) {
            return reject(TxError.STILL_UNBONDING, "unbonding until " + entry.releaseAt() + ", ledger time is " + c.now());
        }
        LedgerState next = c.state()
                .withoutUnbonding(entry.id())
                .withSupply(c.state().supply().staked(-entry.amount()))
                .credit(c.signer(), entry.amount());
        return new Applied(next);
    }

    /**
     * Pays out, from the reward pool, the signer's provider rewards, checker commission and the
     * named delegations' rewards, and the delegations' partner-token rewards into its partner balances.
     */
    static ApplyResult claimRewards(Context c, ClaimRewards claim) {
        LedgerState next = c.state();
        long total = 0;
        Optional<Provider> provider = next.provider(c.signer());
        if (provider.isPresent() && provider.get().unclaimed() > 0) {
            total = Math.addExact(total, provider.get().unclaimed());
            next = next.withProvider(provider.get().withUnclaimed(0));
        }
        Optional<Checker> checker = next.checker(c.signer());
        if (checker.isPresent() && checker.get().commission() > 0) {
            total = Math.addExact(total, checker.get().commission());
            next = next.withChecker(checker.get().withCommission(0));
        }
        long partnerUnits = 0;
        for (Address checkerAddress : claim.delegatedTo()) {
            var key = new DelegationKey(checkerAddress, c.signer());
            if (next.delegations().get(key).isEmpty()) {
                return unknownChecker(checkerAddress);
            }
            Delegation settled = accrue(next, key);
            total = Math.addExact(total, settled.accrued());
            next = next.withDelegation(key, new Delegation(settled.amount(), settled.rewardIndexAtEntry(), 0));
            var partner = PartnerRules.claim(next, key);
            next = partner.state();
            partnerUnits = Math.addExact(partnerUnits, partner.units());
        }
        if (total == 0 && partnerUnits == 0) {
            return reject(TxError.NOTHING_TO_CLAIM, "the signer has no rewards to claim");
        }
        return new Applied(next.withSupply(next.supply().rewardPool(-total)).credit(c.signer(), total));
    }

    /**
     * The coordinator's verdict (the scheduler's for lease outages): the provider is slashed for the
     * offence, see {@link #slashProvider}, and the reporter gets its share.
     */
    static ApplyResult slash(Context c, Slash slash) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("issues verdicts");
        }
        Optional<Provider> found = c.state().provider(slash.provider());
        if (found.isEmpty()) {
            return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + slash.provider());
        }
        var slashed = slashProvider(c.state(), c.params(), c.now(), found.get(), slash.offence());
        if (slashed.total() == 0) {
            return reject(TxError.NOTHING_TO_CLAIM, "the provider has nothing left to slash");
        }
        return new Applied(payReporters(slashed.state(), slashed.total(), c.params().slashing().reporterShareBps(),
                List.of(new Reporter(slash.reporter(), 1))));
    }

    /** A slash taken from a provider: the state without it in the provider or the supply's totals, not yet paid or burned. */
    record Slashed(LedgerState state, long total) {}

    /** Who shares a slash's reporter bounty, and by what weight. */
    record Reporter(Address account, long weight) {}

    /**
     * Takes the offence's amount from the provider's unclaimed rewards, then its bonded stake, then
     * its unbonding stake, and out of the reward pool and the staked total; the caller pays the
     * reporters and burns the rest ({@link #payReporters}). A provider left with too little stake
     * is halted until it tops up. Both the coordinator's slashes and the checkers' verdicts go here.
     */
    static Slashed slashProvider(LedgerState state, NetworkParams params, long now, Provider provider, Offence offence) {
        var terms = params.slashing();
        long epochSeconds = params.emission().epochSeconds();
        long dailyReward = BigInteger.valueOf(provider.lastEpochReward()).multiply(BigInteger.valueOf(DAY_SECONDS))
                .divide(BigInteger.valueOf(epochSeconds)).longValueExact();
        long ageDays = (now - provider.registeredAt()) / DAY_SECONDS;
        long amount = Slashing.amount(offence, terms, dailyReward, provider.requiredStake(params.staking()), ageDays);
        long unbonding = 0;
        for (Unbonding entry : state.unbondings().values()) {
            if (entry.fromProvider() && entry.source().equals(provider.address())) {
                unbonding = Math.addExact(unbonding, entry.amount());
            }
        }
        var take = Slashing.take(amount, provider.unclaimed(), provider.bonded(), unbonding);
        LedgerState next = state.withProvider(provider.withUnclaimed(provider.unclaimed() - take.fromRewards())
                .withBonded(provider.bonded() - take.fromBonded()));
        next = takeFromUnbonding(next, provider.address(), take.fromUnbonding());
        var supply = next.supply()
                .rewardPool(-take.fromRewards())
                .staked(-(take.fromBonded() + take.fromUnbonding()));
        return new Slashed(next.withSupply(supply), take.total());
    }

    /**
     * Pays the reporters' share of a slash ({@link Slashing#split}, rounded down) pro rata to their
     * weights, each rounded down, and burns the rest, rounding dust included.
     */
    static LedgerState payReporters(LedgerState state, long total, int reporterShareBps, List<Reporter> reporters) {
        long bounty = Slashing.split(total, reporterShareBps).toReporter();
        long totalWeight = 0;
        for (Reporter reporter : reporters) {
            totalWeight = Math.addExact(totalWeight, reporter.weight());
        }
        LedgerState next = state;
        long paid = 0;
        for (Reporter reporter : reporters) {
            long share = RewardSplit.prorate(bounty, reporter.weight(), totalWeight);
            paid += share;
            next = next.credit(reporter.account(), share);
        }
        return next.withSupply(next.supply().burn(total - paid));
    }

    /** Takes from the provider's unbonding entries, latest release first: the stake that would leave last. */
    private static LedgerState takeFromUnbonding(LedgerState state, Address provider, long amount) {
        LedgerState next = state;
        long left = amount;
        var entries = new ArrayList<Unbonding>();
        for (Unbonding entry : state.unbondings().values()) {
            if (entry.fromProvider() && entry.source().equals(provider)) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparingLong(Unbonding::releaseAt).reversed()
                .thenComparing(Unbonding::id));
        for (Unbonding entry : entries) {
            if (left == 0) {
                break;
            }
            long taken = Math.min(left, entry.amount());
            left -= taken;
            next = taken == entry.amount()
                    ? next.withoutUnbonding(entry.id())
                    : next.withUnbonding(entry.withAmount(entry.amount() - taken));
        }
        return next;
    }

    /** The delegation with the rewards earned since it was last touched moved into {@code accrued}. */
    static Delegation accrue(LedgerState state, DelegationKey key) {
        BigInteger index = state.checker(key.checker()).map(Checker::rewardPerShare).orElse(BigInteger.ZERO);
        Delegation current = state.delegations().get(key).orElse(new Delegation(0, index, 0));
        long earned = RewardIndex.earned(current.amount(), index, current.rewardIndexAtEntry());
        return new Delegation(current.amount(), index, Math.addExact(current.accrued(), earned));
    }

    private static ApplyResult unknownChecker(Address checker) {
        return reject(TxError.UNKNOWN_CHECKER, "no checker or delegation for " + checker);
    }
}
