package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.StakeMedian.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StakeMedianTest {

    @Test
    void theMedianIsWeightedByStakeNotByHeadcount() {
        var votes = List.of(new Vote(10, 900), new Vote(1, 0), new Vote(1, 0), new Vote(1, 0));
        assertThat(StakeMedian.consensus(votes, StakeMedian.MEDIAN_KAPPA_BPS)).hasValue(900);
    }

    @Test
    void anExactTieGoesToTheHigherScoreThatHalfTheStakeBacks() {
        var votes = List.of(new Vote(5, 1000), new Vote(5, 0));
        assertThat(StakeMedian.consensus(votes, StakeMedian.MEDIAN_KAPPA_BPS)).hasValue(1000);
        assertThat(StakeMedian.consensus(votes, 5_001)).hasValue(0);
    }

    @Test
    void noStakeMeansNoConsensus() {
        assertThat(StakeMedian.consensus(List.of(), 5_000)).isEmpty();
        assertThat(StakeMedian.consensus(List.of(new Vote(0, 700)), 5_000)).isEmpty();
    }

    @Test
    void hugeStakesDoNotOverflow() {
        var votes = List.of(new Vote(Long.MAX_VALUE, 800), new Vote(Long.MAX_VALUE, 200), new Vote(Long.MAX_VALUE, 500));
        assertThat(StakeMedian.consensus(votes, 5_000)).hasValue(500);
    }

    @Test
    void clippingCapsAVoteAtTheConsensus() {
        assertThat(StakeMedian.clipped(1000, 600)).isEqualTo(600);
        assertThat(StakeMedian.clipped(100, 600)).isEqualTo(100);
    }

    @Test
    void rejectsNegativeStakeAndAnOutOfRangeKappa() {
        assertThatThrownBy(() -> new Vote(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StakeMedian.consensus(List.of(), 10_001)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The robustness property: whatever a minority of the stake votes, the consensus stays inside
     * the range the honest majority voted. Seeded, so a failure names a reproducible case.
     */
    @Test
    void aMinorityOfStakeCannotPushTheMedianOutOfTheHonestRange() {
        var random = new SplittableRandom(20261202);
        for (int trial = 0; trial < 5_000; trial++) {
            List<Vote> votes = new ArrayList<>();
            int lo = random.nextInt(0, 1001);
            int hi = random.nextInt(lo, 1001);
            long honestStake = 0;
            int honest = random.nextInt(1, 12);
            for (int i = 0; i < honest; i++) {
                long stake = random.nextLong(1, 1_000_000_000L);
                honestStake += stake;
                votes.add(new Vote(stake, random.nextInt(lo, hi + 1)));
            }
            long minorityBudget = honestStake - 1;
            int cabal = random.nextInt(0, 8);
            for (int i = 0; i < cabal && minorityBudget > 0; i++) {
                long stake = random.nextLong(0, minorityBudget + 1);
                minorityBudget -= stake;
                int score = random.nextBoolean() ? (random.nextBoolean() ? 0 : 1000) : random.nextInt(0, 1001);
                votes.add(new Vote(stake, score));
            }
            int consensus = StakeMedian.consensus(votes, StakeMedian.MEDIAN_KAPPA_BPS).orElseThrow();
            assertThat(consensus).as("trial %d: honest range [%d, %d]", trial, lo, hi).isBetween(lo, hi);
        }
    }
}
