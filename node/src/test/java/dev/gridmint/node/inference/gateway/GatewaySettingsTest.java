package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    @Test
    void anOperatorsHedgingSettingIsAutoOffOrAFixedDelay() {
        assertThat(Hedging.fromSetting("auto")).hasValue(Hedging.DEFAULT);
        assertThat(Hedging.fromSetting(" AUTO ")).hasValue(Hedging.DEFAULT);
        assertThat(Hedging.fromSetting("off")).hasValueSatisfying(h -> assertThat(h.enabled()).isFalse());
        assertThat(Hedging.fromSetting("250")).hasValueSatisfying(h -> {
            assertThat(h.enabled()).isTrue();
            assertThat(h.fixedDelay()).hasValue(Duration.ofMillis(250));
        });
        assertThat(Hedging.fromSetting("sometimes")).isEmpty();
        assertThat(Hedging.fromSetting("-1")).isEmpty();
        assertThat(Hedging.fromSetting(Long.toString(Hedging.MAX_DELAY_MS + 1))).isEmpty();
    }

    @Test
    void aRequestsHeaderStillOverridesTheOperatorsDefault() {
        Hedging off = Hedging.fromSetting("off").orElseThrow();
        assertThat(off.forRequest("40").fixedDelay()).isEqualTo(Optional.of(Duration.ofMillis(40)));
        assertThat(off.forRequest(null)).isEqualTo(off);
    }

    @Test
    void theSpotCheckFractionIsAShare() {
        assertThat(new GatewaySettings(0, Hedging.OFF).withSpotCheckFraction(1).spotCheckFraction()).isEqualTo(1);
        assertThatThrownBy(() -> new GatewaySettings(1.5, Hedging.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewaySettings(Double.NaN, Hedging.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }
}
