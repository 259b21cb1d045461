package dev.gridmint.verify.aggregate;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.economics.StakeMedian;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.VerdictKind;
import java.util.List;
import java.util.Optional;

/**
 * Turns checkers' scores into a {@link RoundOutcome}, with the ledger's own rules: the thresholds
 * are core's {@link VerificationParams}, so the adversarial bench measures exactly what the ledger
 * applies at an epoch close. The consensus is the stake-weighted median at κ = ½, so checkers
 * holding less than half the stake cannot move it outside the range the honest majority voted,
 * whether they protect a cheater (score it 1000) or smear an honest provider (score it 0). A
 * consensus below the fraud threshold fails the round; the kind's offence says whether that is a
 * fraud slash or an outage.
 */
public record VerdictAggregator(VerificationParams params) {

    public static final VerdictAggregator DEFAULT = new VerdictAggregator(VerificationParams.DEFAULTS);

    /** The outcome, or empty when no vote carries stake (there is then nothing to decide). */
    public Optional<RoundOutcome> aggregate(Address provider, VerdictKind kind, List<CheckerScore> scores, int reputation) {
        List<StakeMedian.Vote> votes = scores.stream().map(s -> new StakeMedian.Vote(s.stake(), s.score())).toList();
        var consensus = StakeMedian.consensus(votes, params.kappaBps());
        if (consensus.isEmpty()) {
            return Optional.empty();
        }
        int agreed = consensus.getAsInt();
        List<CheckerScore> clipped = scores.stream()
                .map(s -> new CheckerScore(s.checker(), s.stake(), StakeMedian.clipped(s.score(), agreed)))
                .toList();
        List<Address> outvoted = scores.stream()
                .filter(s -> Math.abs(s.score() - agreed) > params.outvoteTolerance())
                .map(CheckerScore::checker)
                .toList();
        return Optional.of(new RoundOutcome(provider, agreed, clipped, outvoted,
                Reputation.update(reputation, agreed, params.reputationAlphaBps()), decision(provider, kind, agreed)));
    }

    private SlashDecision decision(Address provider, VerdictKind kind, int consensus) {
        if (consensus >= params.fraudThreshold()) {
            return new SlashDecision.None();
        }
        return kind.offence() == Offence.FRAUD ? new SlashDecision.Fraud(provider, kind, consensus)
                : new SlashDecision.Outage(provider, kind, consensus);
    }
}
