package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.cli.output.Formats;
import dev.gridmint.core.crypto.Address;
import org.junit.jupiter.api.Test;

/** Parsing of amounts, addresses and hashes, and the exact human formats. */
class InputsTest {

    @Test
    void amountsAreExactMicroUnits() {
        assertThat(Inputs.positiveGrid("12.5", "--amount")).isEqualTo(12_500_000L);
        assertThat(Inputs.positiveCredits("0.000001", "--amount")).isEqualTo(1L);
        assertThat(Inputs.positiveUsd("0.25", "--price")).isEqualTo(250_000L);
        assertThat(Inputs.grid("0", "--min-grid")).isZero();
    }

    @Test
    void badAmountsNameTheOption() {
        assertThatThrownBy(() -> Inputs.positiveGrid("0", "--amount")).isInstanceOf(UserError.class)
                .hasMessageContaining("--amount").hasMessageContaining("more than 0");
        assertThatThrownBy(() -> Inputs.positiveGrid("1.2345678", "--amount")).isInstanceOf(UserError.class)
                .hasMessageContaining("--amount").hasMessageContaining("6 decimals");
        assertThatThrownBy(() -> Inputs.positiveCredits("-3", "--amount")).isInstanceOf(UserError.class)
                .hasMessageContaining("--amount");
        assertThatThrownBy(() -> Inputs.positiveUsd("abc", "--price")).isInstanceOf(UserError.class)
                .hasMessageContaining("--price");
        assertThatThrownBy(() -> Inputs.grid("1e30", "--max-grid")).isInstanceOf(UserError.class)
                .hasMessageContaining("--max-grid");
    }

    @Test
    void addressesAndHashes() {
        Address address = new Address(new byte[Address.LENGTH]);
        assertThat(Inputs.address(address.toString(), "--checker")).isEqualTo(address);
        assertThatThrownBy(() -> Inputs.address("nope!", "--checker")).isInstanceOf(UserError.class)
                .hasMessageContaining("--checker");
        String hex = "ab".repeat(32);
        assertThat(Inputs.hash(hex, "an unbonding id").hex()).isEqualTo(hex);
        assertThatThrownBy(() -> Inputs.hash("abc", "an unbonding id")).isInstanceOf(UserError.class)
                .hasMessageContaining("64 hex");
    }

    @Test
    void formats() {
        assertThat(Formats.percent(250)).isEqualTo("2.50%");
        assertThat(Formats.collateralRatio(-1)).startsWith("n/a");
        assertThat(Formats.collateralRatio(Long.MAX_VALUE)).isEqualTo("unbounded");
        assertThat(Formats.collateralRatio(9_500)).isEqualTo("95.00%");
        assertThat(Formats.price(0)).contains("no fresh oracle price");
        assertThat(Formats.price(250_000)).isEqualTo("$0.250000/GRID");
        assertThat(Formats.duration(28L * 24 * 3600)).isEqualTo("28d");
        assertThat(Formats.duration(90_061)).isEqualTo("1d 1h 1m 1s");
        assertThat(Formats.duration(42)).isEqualTo("42s");
        assertThat(Formats.time(0)).isEqualTo("0 (1970-01-01T00:00:00Z)");
    }
}
