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
    void mulDivInLongsIsTheBigIntegerResultAndFallsBackWhenTheProductOverflows() {
        var random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            long a = random.nextLong(1L << random.nextInt(1, 63));
            long b = random.nextLong(1L << random.nextInt(1, 63));
            long c = 1 + random.nextLong(1L << random.nextInt(1, 63));
            BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
            BigInteger floor = product.divide(BigInteger.valueOf(c));
            BigInteger ceil = Arith.ceilDiv(product, BigInteger.valueOf(c));
            if (floor.bitLength() < 64) {
                assertThat(Arith.mulDiv(a, b, c)).as("%d * %d / %d", a, b, c).isEqualTo(floor.longValueExact());
            }
            if (ceil.bitLength() < 64) {
                assertThat(Arith.mulDivCeil(a, b, c)).as("ceil %d * %d / %d", a, b, c).isEqualTo(ceil.longValueExact());
            }
        }
        assertThat(Arith.mulDiv(Long.MAX_VALUE, 10_000, 20_000)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(Arith.mulDivCeil(7, 1, 2)).isEqualTo(4);
        assertThatThrownBy(() -> Arith.mulDiv(Long.MAX_VALUE, 3, 2)).isInstanceOf(ArithmeticException.class);
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
