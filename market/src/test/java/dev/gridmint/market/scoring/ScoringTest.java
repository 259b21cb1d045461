package dev.gridmint.market.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.market.offer.PricePolicy;
import org.junit.jupiter.api.Test;

class ScoringTest {

    @Test
    void theWorstScoreOfTheDearestOfferStillFitsALong() {
        var heaviest = new Scoring(1000, 1000, 1000);

        long base = heaviest.base(PricePolicy.MAX_PRICE, 0);
        long score = heaviest.score(base, 64, false);

        assertThat(score).isEqualTo(PricePolicy.MAX_PRICE * 2000L * 2000L * 2000L);
    }

    @Test
    void eachCriterionIsASurchargeOnThePrice() {
        var scoring = Scoring.DEFAULT; // reputation 400‰, fit 100‰, region 150‰

        assertThat(scoring.reputationFactor(1000)).isEqualTo(1000);
        assertThat(scoring.reputationFactor(500)).isEqualTo(1200);
        assertThat(scoring.reputationFactor(0)).isEqualTo(1400);
        assertThat(scoring.fitFactor(0)).isEqualTo(1000);
        assertThat(scoring.fitFactor(4)).isEqualTo(1050);
        assertThat(scoring.fitFactor(40)).as("capped at 8 idle GPUs").isEqualTo(1100);
        assertThat(scoring.regionFactor(true)).isEqualTo(1000);
        assertThat(scoring.regionFactor(false)).isEqualTo(1150);
        assertThat(scoring.score(scoring.base(2_000_000, 500), 4, false)).isEqualTo(2_000_000L * 1200 * 1050 * 1150);
    }

    @Test
    void weightsAreBounded() {
        assertThatThrownBy(() -> new Scoring(1001, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scoring(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPolicyRoundsItsPriceUpAndCapsIt() {
        var policy = new PricePolicy(java.util.Map.of("H100", 1_000_001L), 333);

        assertThat(policy.price("H100", 0, 8)).isEqualTo(1_000_001);
        // 1,000,001 × (8000 + 333 × 3) / 8000 = 1,124,876.125 → up to 1,124,877.
        assertThat(policy.price("H100", 3, 8)).isEqualTo(1_124_877);
        assertThat(new PricePolicy(java.util.Map.of("H100", PricePolicy.MAX_PRICE), 1000).price("H100", 8, 8))
                .isEqualTo(PricePolicy.MAX_PRICE);
    }
}
