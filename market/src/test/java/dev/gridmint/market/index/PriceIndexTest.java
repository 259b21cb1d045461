package dev.gridmint.market.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriceIndexTest {

    @Test
    void theMedianWeighsEachPriceByHowLongItStood() {
        var index = new PriceIndex(3_600);
        index.record("H100", 3_000_000, 0);     // stands 100 s
        index.record("H100", 1_000_000, 100);   // stands 50 s
        index.record("H100", 2_000_000, 150);   // stands until now

        // At 300: 1.0 for 50 s, 2.0 for 150 s, 3.0 for 100 s; half of 300 s is reached at 2.0.
        assertThat(index.median("H100", 300)).contains(2_000_000L);
        // At 160: 1.0 for 50, 2.0 for 10, 3.0 for 100; half of 160 is reached only at 3.0.
        assertThat(new PriceIndex(3_600)).satisfies(i -> {
            i.record("H100", 3_000_000, 0);
            i.record("H100", 1_000_000, 100);
            i.record("H100", 2_000_000, 150);
            assertThat(i.median("H100", 160)).contains(3_000_000L);
        });
    }

    @Test
    void aCountMedianWouldDifferAShortLivedOutlierDoesNotMoveIt() {
        var index = new PriceIndex(3_600);
        index.record("A100", 1_000_000, 0);
        index.record("A100", 9_000_000, 10);
        index.record("A100", 9_000_000, 11);
        index.record("A100", 1_000_000, 12);

        assertThat(index.median("A100", 3_000)).contains(1_000_000L);
    }

    @Test
    void closedPeriodsAreKeptAsHistoryAndTheLastPriceCarriesIntoTheNext() {
        var index = new PriceIndex(3_600);
        index.record("H100", 2_000_000, 100);
        index.record("H100", 2_500_000, 3_000);
        index.record("H100", 4_000_000, 3_600 + 3_000);

        var history = index.history("H100", 3_600 + 3_100);
        assertThat(history).containsExactly(new PriceIndex.Point("H100", 0, 3_600, 2_000_000, 2));
        // Second period so far: 2.5 carried for 3,000 s, then 4.0 for 100 s.
        assertThat(index.median("H100", 3_600 + 3_100)).contains(2_500_000L);
        assertThat(index.history("H100", 7_200)).hasSize(2).last()
                .isEqualTo(new PriceIndex.Point("H100", 3_600, 7_200, 2_500_000, 1));
        assertThat(index.median("nothing", 0)).isEmpty();
    }

    @Test
    void matchesAllInOneInstantCountOneEach() {
        var index = new PriceIndex(60);
        index.record("L40S", 5, 10);
        index.record("L40S", 1, 10);
        index.record("L40S", 3, 10);

        assertThat(index.median("L40S", 10)).contains(3L);
    }
}
