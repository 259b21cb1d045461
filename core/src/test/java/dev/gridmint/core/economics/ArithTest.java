package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ArithTest {

    @Test
    void divisionRounding() {
        assertThat(Arith.floorDiv(BigInteger.valueOf(7), BigInteger.valueOf(2))).isEqualTo(3);
        assertThat(Arith.ceilDiv(BigInteger.valueOf(7), BigInteger.valueOf(2))).isEqualTo(4);
        assertThat(Arith.ceilDiv(BigInteger.valueOf(8), BigInteger.valueOf(2))).isEqualTo(4);
        assertThat(Arith.ceilDiv(BigInteger.ZERO, BigInteger.valueOf(5))).isEqualTo(0);
    }

    @Test
    void validation() {
        assertThat(Arith.nonNegative(0, "x")).isZero();
        assertThat(Arith.positive(1, "x")).isEqualTo(1);
        assertThat(Arith.bps(10_000, "x")).isEqualTo(10_000);
        assertThatThrownBy(() -> Arith.nonNegative(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arith.positive(0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arith.bps(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arith.bps(10_001, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
