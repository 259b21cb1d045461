package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.economics.Slashing;
import dev.gridmint.core.economics.StakeMedian;
import dev.gridmint.core.economics.StakeMedian.Vote;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.Delegation;
import dev.gridmint.core.state.DelegationKey;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.SortedTable;
import dev.gridmint.core.state.Verdict;
import dev.gridmint.core.state.VerdictKey;
import dev.gridmint.core.state.VerdictOutcome;
import dev.gridmint.core.state.VerdictSubject;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StakingRules.Reporter;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checkers' verdicts on providers (the ledger side of the verification layer). During an epoch each
 * staked checker submits at most one verdict per provider and kind; when the epoch closes the
 * verdicts on each provider and kind are combined into a stake-weighted consensus ({@link
 * StakeMedian}), which moves the provider's reputation and, when it fails the provider, slashes it.
 * Checkers far from the consensus are outvoted and go unpaid for the epoch; those much further, in a
 * round with a quorum, are proven to lie and lose part of their own stake.
 */
final class VerdictRules {

    private VerdictRules() {}

    static ApplyResult submit(Context c, SubmitVerdict verdict) {
        Optional<Checker> checker = c.state().checker(c.signer());
        if (checker.isEmpty()) {
            return reject(TxError.UNKNOWN_CHECKER, "only a registered checker submits verdicts");
        }
        if (verdict.provider().equals(c.signer())) {
            return reject(TxError.SELF_VERDICT, "a checker does not judge itself as a provider");
        }
        long minStake = c.params().staking().minCheckerStake();
        if (!checker.get().meetsMinimum(minStake)) {
            return reject(TxError.STAKE_TOO_LOW, "the checker has " + checker.get().delegated()
                    + " bonded, a verdict needs at least " + Math.max(1, minStake));
        }
        long open = c.state().clock().epoch();
        if (verdict.round() != open) {
            return reject(TxError.WRONG_ROUND, "verdicts are for the open epoch " + open + ", not " + verdict.round());
        }
        if (c.state().provider(verdict.provider()).isEmpty()) {
            return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + verdict.provider());
        }
        var key = new VerdictKey(new VerdictSubject(verdict.provider(), verdict.kind()), c.signer());
        if (c.state().verdicts().containsKey(key)) {
            return reject(TxError.DUPLICATE_VERDICT,
                    "the checker already judged " + verdict.provider() + " for " + verdict.kind() + " in epoch " + open);
        }
        return new Applied(c.state().withVerdict(key, new Verdict(verdict.score(), verdict.evidence())));
    }

    /** The closed round: the new state, and the checkers that judged and were never outvoted, the only ones paid. */
    record Closed(LedgerState state, Set<Address> agreeingCheckers) {}

    /**
     * Aggregates the closing epoch's verdicts, subject by subject in key order (provider, then kind):
     * reputation, provider slashes, then the liars' slashes; records the outcomes and clears the round.
     */
    static Closed close(LedgerState state, NetworkParams params, long now) {
        VerificationParams rules = params.verification();
        LedgerState next = state;
        var outcomes = new TreeMap<VerdictSubject, VerdictOutcome>();
        Set<Address> judged = new TreeSet<>();
        Set<Address> outvoted = new TreeSet<>();
        Set<Address> liars = new TreeSet<>();
        for (var subject : bySubject(state).entrySet()) {
            List<Ballot> ballots = weigh(next, subject.getValue());
            var consensus = StakeMedian.consensus(ballots.stream().map(Ballot::vote).toList(), rules.kappaBps());
            if (consensus.isEmpty()) {
                continue; // no stake behind any verdict: nothing is decided
            }
            int agreed = consensus.getAsInt();
            var decided = decide(next, params, now, subject.getKey(), agreed, ballots);
            next = decided.state();
            outcomes.put(subject.getKey(), new VerdictOutcome(agreed, decided.slashed()));
            boolean quorate = ballots.size() >= rules.lieQuorum();
            for (Ballot ballot : ballots) {
                int distance = Math.abs(ballot.vote().score() - agreed);
                judged.add(ballot.checker());
                if (distance > rules.outvoteTolerance()) {
                    outvoted.add(ballot.checker());
                }
                if (quorate && distance > rules.lieThreshold()) {
                    liars.add(ballot.checker());
                }
            }
        }
        for (Address liar : liars) {
            next = slashLiar(next, rules, liar);
        }
        Set<Address> agreeing = new TreeSet<>(judged);
        agreeing.removeAll(outvoted);
        next = next.withVerdicts(SortedTable.empty()).withVerdictOutcomes(SortedTable.copyOf(outcomes));
        return new Closed(next, agreeing);
    }

    /** One checker's verdict weighted by its stake at the close. */
    private record Ballot(Address checker, Vote vote) {}

    /** The open round's verdicts grouped by subject; each group in checker order. */
    private static Map<VerdictSubject, List<Map.Entry<Address, Verdict>>> bySubject(LedgerState state) {
        var groups = new TreeMap<VerdictSubject, List<Map.Entry<Address, Verdict>>>();
        state.verdicts().forEach((key, verdict) ->
                groups.computeIfAbsent(key.subject(), s -> new ArrayList<>()).add(Map.entry(key.checker(), verdict)));
        return groups;
    }

    /**
     * Weighs each verdict by its checker's stake when the epoch closes: stake unbonded after voting no
     * longer backs the vote, and stake added after it cannot outweigh verdicts already cast.
     */
    private static List<Ballot> weigh(LedgerState state, List<Map.Entry<Address, Verdict>> verdicts) {
        List<Ballot> ballots = new ArrayList<>(verdicts.size());
        for (var verdict : verdicts) {
            long stake = state.checker(verdict.getKey()).orElseThrow().delegated();
            ballots.add(new Ballot(verdict.getKey(), new Vote(stake, verdict.getValue().score())));
        }
        return ballots;
    }

    /** What the consensus did to the provider: the new state, and how much it was slashed. */
    private record Decided(LedgerState state, long slashed) {}

    /**
     * Moves the provider's reputation towards the consensus; below the fraud threshold the provider is
     * slashed for the kind's offence, and the reporters' share goes to the checkers that agreed with
     * the consensus, pro rata to their stake.
     */
    private static Decided decide(LedgerState state, NetworkParams params, long now, VerdictSubject subject, int consensus,
            List<Ballot> ballots) {
        VerificationParams rules = params.verification();
        Provider provider = state.provider(subject.provider()).orElseThrow();
        Provider judged = provider.withReputation(
                Reputation.update(provider.reputation(), consensus, rules.reputationAlphaBps()));
        LedgerState next = state.withProvider(judged);
        if (consensus >= rules.fraudThreshold()) {
            return new Decided(next, 0);
        }
        var slashed = StakingRules.slashProvider(next, params, now, judged, subject.kind().offence());
        List<Reporter> agreeing = new ArrayList<>();
        for (Ballot ballot : ballots) {
            if (Math.abs(ballot.vote().score() - consensus) <= rules.outvoteTolerance()) {
                agreeing.add(new Reporter(ballot.checker(), ballot.vote().stake()));
            }
        }
        next = StakingRules.payReporters(slashed.state(), slashed.total(), params.slashing().reporterShareBps(), agreeing);
        return new Decided(next, slashed.total());
    }

    /**
     * A checker proven to lie loses {@code lieSlashBps} of its operator's own delegation, rounded up,
     * taken from its unclaimed commission first, then from that delegation; all of it is burned.
     * Delegators' stake is not touched: they chose the checker, but the lie was the operator's.
     */
    private static LedgerState slashLiar(LedgerState state, VerificationParams rules, Address operator) {
        var key = new DelegationKey(operator, operator);
        LedgerState settled = PartnerRules.settle(state, key);
        Delegation own = StakingRules.accrue(settled, key);
        Checker checker = settled.checker(operator).orElseThrow();
        long amount = Slashing.stakeShare(own.amount(), rules.lieSlashBps());
        long fromCommission = Math.min(amount, checker.commission());
        long fromStake = Math.min(amount - fromCommission, own.amount());
        LedgerState next = settled
                .withDelegation(key, new Delegation(own.amount() - fromStake, own.rewardIndexAtEntry(), own.accrued()))
                .withChecker(checker.withCommission(checker.commission() - fromCommission)
                        .withDelegated(checker.delegated() - fromStake));
        var supply = next.supply().rewardPool(-fromCommission).staked(-fromStake).burn(fromCommission + fromStake);
        return next.withSupply(supply);
    }
}
