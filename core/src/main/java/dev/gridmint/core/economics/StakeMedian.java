package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.bps;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Combines several checkers' scores for one provider into one, as Bittensor's Yuma consensus
 * does: the consensus is the highest score that at least a share κ of the voting stake puts the
 * provider at or above. At κ = ½ this is the stake-weighted median, so a minority of stake can
 * move it no further than the honest majority's own range, whichever way the minority votes.
 * A vote above the consensus is clipped to it, so a cabal that rates itself up gains nothing.
 * Shared by the ledger's verdict rules and the verification layer.
 */
public final class StakeMedian {

    /** The default κ: a strict stake-weighted median. */
    public static final int MEDIAN_KAPPA_BPS = 5_000;

    /** One checker's score for the provider, backed by its stake. */
    public record Vote(long stake, int score) {
        public Vote {
            Arith.nonNegative(stake, "stake");
            Arith.nonNegative(score, "score");
        }
    }

    private StakeMedian() {}

    /**
     * The highest score {@code s} with {@code stake(votes scoring ≥ s) ≥ κ × total stake}; empty
     * when no vote carries stake. Exact integer arithmetic: no rounding can tip the outcome.
     */
    public static OptionalInt consensus(List<Vote> votes, int kappaBps) {
        bps(kappaBps, "kappaBps");
        BigInteger total = BigInteger.ZERO;
        for (Vote vote : votes) {
            total = total.add(BigInteger.valueOf(vote.stake()));
        }
        if (total.signum() == 0) {
            return OptionalInt.empty();
        }
        BigInteger needed = total.multiply(BigInteger.valueOf(kappaBps));
        List<Vote> highestFirst = votes.stream().sorted(Comparator.comparingInt(Vote::score).reversed()).toList();
        BigInteger supporting = BigInteger.ZERO;
        for (Vote vote : highestFirst) {
            supporting = supporting.add(BigInteger.valueOf(vote.stake()));
            if (supporting.multiply(Arith.BPS_BIG).compareTo(needed) >= 0) {
                return OptionalInt.of(vote.score());
            }
        }
        // κ = 0 is met by the highest vote; any κ ≤ 100% is met by the lowest at the latest.
        throw new AssertionError("unreachable: the whole stake supports the lowest score");
    }

    /** Yuma clipping: a vote counts for no more than the consensus. */
    public static int clipped(int score, int consensus) {
        return Math.min(score, consensus);
    }
}
