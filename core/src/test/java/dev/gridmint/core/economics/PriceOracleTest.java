package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.PriceOracle.Observation;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PriceOracleTest {

    private static final long NOW = 1_000_000L;

    private static Observation at(long price, long age) {
        return new Observation(price, NOW - age);
    }

    @Test
    void threeAgreeingReports() {
        var reports = List.of(at(1_140_000, 10), at(1_141_000, 20), at(1_139_000, 5));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 3)).hasValue(1_140_000);
    }

    @Test
    void outlierIsDropped() {
        // Median of 1.00, 1.00, 1.00, 1.02 is 1.00; the +2% report is beyond 150 bps.
        var reports = List.of(at(1_000_000, 1), at(1_000_000, 2), at(1_000_000, 3), at(1_020_000, 4));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 3)).hasValue(1_000_000);
        // With four survivors required, dropping it leaves too few.
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 4)).isEmpty();
        // With 200 bps allowed it stays in (exactly at the bound), and the median is unchanged.
        assertThat(PriceOracle.price(reports, NOW, 60, 200, 4)).hasValue(1_000_000);
    }

    @Test
    void outlierCannotMoveTheMedianWithThreeReports() {
        var reports = List.of(at(1_000_000, 1), at(1_010_000, 1), at(5_000_000, 1));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 2)).hasValue(1_005_000);
    }

    @Test
    void allStaleIsEmpty() {
        var reports = List.of(at(1_000_000, 61), at(1_000_000, 100), at(1_000_000, 3_600));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 1)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void ageBoundIsInclusiveAndFutureReportsAreIgnored() {
        var reports = List.of(at(1_000_000, 60), new Observation(9_000_000, NOW + 1));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 1)).hasValue(1_000_000);
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 2)).isEmpty();
    }

    @Test
    void evenCountTakesTheFloorOfTheMiddleMean() {
        var reports = List.of(at(1_000_001, 1), at(1_000_000, 1), at(1_000_004, 1), at(999_999, 1));
        // Middle values 1,000,000 and 1,000,001: mean 1,000,000.5, floored.
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 4)).hasValue(1_000_000);
        assertThat(PriceOracle.median(List.of(Long.MAX_VALUE, Long.MAX_VALUE - 1))).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(PriceOracle.median(List.of(Long.MAX_VALUE, Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void minReportsNotMet() {
        var reports = List.of(at(1_000_000, 1), at(1_000_000, 2));
        assertThat(PriceOracle.price(reports, NOW, 60, 150, 3)).isEmpty();
        assertThat(PriceOracle.price(List.of(), NOW, 60, 150, 1)).isEmpty();
        // One of three is stale: two fresh reports do not make a quorum of three.
        var oneStale = List.of(at(1_000_000, 1), at(1_000_000, 2), at(1_000_000, 61));
        assertThat(PriceOracle.price(oneStale, NOW, 60, 150, 3)).isEmpty();
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> new Observation(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Observation(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceOracle.price(List.of(), NOW, -1, 150, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceOracle.price(List.of(), NOW, 60, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceOracle.price(List.of(), NOW, 60, 150, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
