package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenPricesTest {

    private final TokenPrices prices = new TokenPrices(Map.of("gridmint-names", 2_000L, "all-minilm-l6-v2", 100L), 1_500L);

    @Test
    void builtInModelsHaveTheirOwnPriceAndEveryArtifactModelTheArtifactPrice() {
        assertThat(prices.per1k("gridmint-names")).isEqualTo(2_000);
        assertThat(prices.per1k("all-minilm-l6-v2")).isEqualTo(100);
        assertThat(prices.per1k("tiny-llama-0123456789ab")).isEqualTo(1_500);
    }

    @Test
    void aCostIsRoundedUpAndNeverOverflowsSilently() {
        assertThat(prices.cost("all-minilm-l6-v2", 1)).isEqualTo(1);
        assertThat(prices.cost("gridmint-names", 1_000)).isEqualTo(2_000);
        assertThat(prices.cost("names-gpt-0123456789ab", 3)).isEqualTo(5);
        assertThat(prices.cost("gridmint-names", 0)).isZero();
        assertThatThrownBy(() -> prices.cost("gridmint-names", Long.MAX_VALUE / 10)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aNegativePriceIsRefused() {
        assertThatThrownBy(() -> new TokenPrices(Map.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenPrices(Map.of("m", -5L), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
