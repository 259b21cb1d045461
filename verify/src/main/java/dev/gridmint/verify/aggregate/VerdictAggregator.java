package dev.gridmint.verify.aggregate;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.economics.StakeMedian;
import java.util.List;
import java.util.Optional;

/**
 * Turns checkers' scores into a {@link RoundOutcome}. The consensus is core's stake-weighted
 * median at κ = ½, so checkers holding less than half the stake cannot move it outside the range
 * the honest majority voted, whether they protect a cheater (score it 1000) or smear an honest
 * provider (score it 0). A consensus below {@code failBelow} fails the round; for a challenge or a
 * spot check that is a fraud slash, for liveness or capacity an outage.
 *
 * @param outvotedBeyond a checker whose score is further than this from the consensus is outvoted
 * @param alphaBps the reputation EWMA weight (1000 = Yuma's α of 0.1)
 */
public record VerdictAggregator(int kappaBps, int failBelow, int outvotedBeyond, int alphaBps) {

    public static final VerdictAggregator DEFAULT = new VerdictAggregator(StakeMedian.MEDIAN_KAPPA_BPS, 500, 250, 1_000);

    /** The outcome, or empty when no vote carries stake (there is then nothing to decide). */
    public Optional<RoundOutcome> aggregate(Address provider, CheckKind kind, List<CheckerScore> scores, int reputation) {
        List<StakeMedian.Vote> votes = scores.stream().map(s -> new StakeMedian.Vote(s.stake(), s.score())).toList();
        var consensus = StakeMedian.consensus(votes, kappaBps);
        if (consensus.isEmpty()) {
            return Optional.empty();
        }
        int agreed = consensus.getAsInt();
        List<CheckerScore> clipped = scores.stream()
                .map(s -> new CheckerScore(s.checker(), s.stake(), StakeMedian.clipped(s.score(), agreed)))
                .toList();
        List<Address> outvoted = scores.stream()
                .filter(s -> Math.abs(s.score() - agreed) > outvotedBeyond)
                .map(CheckerScore::checker)
                .toList();
        return Optional.of(new RoundOutcome(provider, agreed, clipped, outvoted, Reputation.update(reputation, agreed, alphaBps),
                decision(provider, kind, agreed)));
    }

    private SlashDecision decision(Address provider, CheckKind kind, int consensus) {
        if (consensus >= failBelow) {
            return new SlashDecision.None();
        }
        return kind.isFraudEvidence() ? new SlashDecision.Fraud(provider, kind, consensus) : new SlashDecision.Outage(provider, kind, consensus);
    }
}
