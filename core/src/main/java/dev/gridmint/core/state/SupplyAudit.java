package dev.gridmint.core.state;

import dev.gridmint.core.economics.RewardIndex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
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
        for (var entry : state.delegations().asMap().entrySet()) {
            Delegation delegation = entry.getValue();
            var index = state.checker(entry.getKey().checker()).map(Checker::rewardPerShare).orElseThrow();
            long pending = RewardIndex.earned(delegation.amount(), index,
                    delegation.rewardIndexAtEntry());
            rewards = Math.addExact(rewards, Math.addExact(delegation.accrued(), pending));
        }
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
        partnerProblems(state, problems);
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
    private static void partnerProblems(LedgerState state, List<String> problems) {
        var held = new TreeMap<String, Long>();
        state.partnerBalances().forEach((holding, units) -> held.merge(holding.token(), units, Math::addExact));
        for (PartnerPool pool : state.partnerPools().values()) {
            held.merge(pool.token(), pool.holding(), Math::addExact);
            long owed = 0;
            for (var entry : state.delegations().asMap().entrySet()) {
                var stake = state.partnerStakes().get(new PartnerStakeKey(pool.id(), entry.getKey()))
                        .orElse(new PartnerStake(BigInteger.ZERO, 0));
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
    }

    private static void expect(List<String> problems, String what, long recorded, long counted) {
        if (recorded != counted) {
            problems.add(what + ": recorded " + recorded + ", counted " + counted);
        }
    }
}
