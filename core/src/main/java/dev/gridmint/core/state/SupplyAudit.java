package dev.gridmint.core.state;

import dev.gridmint.core.economics.RewardIndex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the ledger's invariants against its tables: the running supply totals match what the
 * tables hold, {@code minted − burned} equals everything held, the same for credits, and nothing
 * is negative (the records refuse negatives). Costs O(n); run by tests after every transaction and
 * by {@code gridmint ledger verify}.
 */
public final class SupplyAudit {

    private SupplyAudit() {}

    /** Every broken invariant, in words; empty when the state is sound. */
    public static List<String> problems(LedgerState state) {
        var problems = new ArrayList<>(supplyProblems(state));
        problems.addAll(partnerProblems(state));
        return problems;
    }

    /** The supply invariants alone: the totals against the tables, and {@code minted − burned} against everything held. */
    public static List<String> supplyProblems(LedgerState state) {
        var problems = new ArrayList<String>();
        Supply supply = state.supply();
        long balances = 0;
        long credits = 0;
        for (Account account : state.accounts().values()) {
            balances = Math.addExact(balances, account.balance());
            credits = Math.addExact(credits, account.credits());
        }
        long staked = 0;
        long rewards = 0;
        for (Provider provider : state.providers().values()) {
            staked = Math.addExact(staked, provider.bonded());
            rewards = Math.addExact(rewards, provider.unclaimed());
        }
        for (Checker checker : state.checkers().values()) {
            staked = Math.addExact(staked, checker.delegated());
            rewards = Math.addExact(rewards, checker.commission());
        }
        for (Unbonding unbonding : state.unbondings().values()) {
            staked = Math.addExact(staked, unbonding.amount());
        }
        rewards = Math.addExact(rewards, delegatorRewards(state));
        long locked = 0;
        for (VestingGrant grant : state.vesting().values()) {
            locked = Math.addExact(locked, grant.locked());
        }
        long escrowed = 0;
        for (Job job : state.jobs().values()) {
            escrowed = Math.addExact(escrowed, job.escrow());
        }
        expect(problems, "staked", supply.staked(), staked);
        expect(problems, "vesting locked", supply.vestingLocked(), locked);
        expect(problems, "escrowed", supply.escrowed(), escrowed);
        if (rewards > supply.rewardPool()) {
            problems.add("rewards owed " + rewards + " exceed the reward pool " + supply.rewardPool());
        }
        long held = balances + supply.vault() + supply.staked() + supply.rewardPool() + supply.vestingLocked();
        expect(problems, "minted - burned vs everything held", supply.outstanding(), held);
        expect(problems, "credits minted - burned vs credits held", supply.creditsOutstanding(), credits + escrowed);
        state.network().ifPresent(network -> {
            if (supply.outstanding() > network.params().token().maxSupply()) {
                problems.add("outstanding " + supply.outstanding() + " exceeds the max supply");
            }
        });
        return problems;
    }

    /**
     * Per partner token: every unit issued is in a balance or still held by its pool; and no pool
     * owes its stakers more than it distributed and has not paid.
     */
    public static List<String> partnerProblems(LedgerState state) {
        var problems = new ArrayList<String>();
        var held = new TreeMap<String, Long>();
        state.partnerBalances().forEach((holding, units) -> held.merge(holding.token(), units, Math::addExact));
        var delegations = new ArrayList<Map.Entry<DelegationKey, Delegation>>(state.delegations().size());
        state.delegations().forEach((key, delegation) -> delegations.add(Map.entry(key, delegation)));
        var stakes = new HashMap<PartnerStakeKey, PartnerStake>();
        state.partnerStakes().forEach(stakes::put);
        var none = new PartnerStake(BigInteger.ZERO, 0);
        for (PartnerPool pool : state.partnerPools().values()) {
            held.merge(pool.token(), pool.holding(), Math::addExact);
            long owed = 0;
            for (var entry : delegations) {
                var stake = stakes.getOrDefault(new PartnerStakeKey(pool.id(), entry.getKey()), none);
                owed = Math.addExact(owed, Math.addExact(stake.accrued(), RewardIndex.earned(entry.getValue().amount(),
                        pool.rewardPerShare(), stake.rewardIndexAtEntry())));
            }
            if (owed > pool.distributed() - pool.claimed()) {
                problems.add("partner pool " + pool.id().shortHex() + " owes " + owed + ", more than it holds for stakers");
            }
        }
        for (PartnerToken token : state.partnerTokens().values()) {
            expect(problems, "partner token " + token.symbol() + " issued vs held", token.issued(),
                    held.getOrDefault(token.symbol(), 0L));
        }
        return problems;
    }

    /** What delegators are owed: settled rewards plus what their checker's index has grown since. */
    private static long delegatorRewards(LedgerState state) {
        long[] owed = {0};
        state.delegations().forEach((key, delegation) -> {
            var index = state.checker(key.checker()).map(Checker::rewardPerShare).orElseThrow();
            long pending = RewardIndex.earned(delegation.amount(), index, delegation.rewardIndexAtEntry());
            owed[0] = Math.addExact(owed[0], Math.addExact(delegation.accrued(), pending));
        });
        return owed[0];
    }

    private static void expect(List<String> problems, String what, long recorded, long counted) {
        if (recorded != counted) {
            problems.add(what + ": recorded " + recorded + ", counted " + counted);
        }
    }
}
