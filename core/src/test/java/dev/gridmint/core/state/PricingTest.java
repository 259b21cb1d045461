package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PricingTest {

    private static final long HOUR_MS = 3_600_000L;

    @Test
    void chargesPricePerDeviceHour() {
        assertThat(Pricing.charge(1_000_000, 1, HOUR_MS)).isEqualTo(1_000_000);
        assertThat(Pricing.charge(1_000_000, 2, HOUR_MS / 2)).isEqualTo(1_000_000);
        assertThat(Pricing.charge(1_000_000, 8, 10 * HOUR_MS)).isEqualTo(80_000_000);
        assertThat(Pricing.charge(1_000_000, 1, 0)).isZero();
    }

    @Test
    void chargeRoundsUp() {
        assertThat(Pricing.charge(1_000_000, 1, 1)).isEqualTo(1); // 0.277...
        assertThat(Pricing.charge(3, 1, 1_200_000)).isEqualTo(1); // exactly 1
        assertThat(Pricing.charge(3, 1, 1_200_001)).isEqualTo(2); // 1.0000008...
        assertThat(Pricing.charge(1, 1, HOUR_MS - 1)).isEqualTo(1);
        assertThat(Pricing.charge(1, 1, HOUR_MS + 1)).isEqualTo(2);
        // 2 devices at 2 GRID for 1,000,001 ms: 1,111,112.22... micro-GRID.
        assertThat(Pricing.charge(2_000_000, 2, 1_000_001)).isEqualTo(1_111_113);
    }

    @Test
    void feeRoundsUpToTheTreasury() {
        assertThat(Pricing.fee(100, 500)).isEqualTo(5);
        assertThat(Pricing.fee(1, 500)).isEqualTo(1);
        assertThat(Pricing.fee(19, 500)).isEqualTo(1);  // 0.95
        assertThat(Pricing.fee(20, 500)).isEqualTo(1);  // 1.00
        assertThat(Pricing.fee(21, 500)).isEqualTo(2);  // 1.05
        assertThat(Pricing.fee(1_111_113, 500)).isEqualTo(55_556); // 55,555.65
        assertThat(Pricing.fee(0, 500)).isZero();
        assertThat(Pricing.fee(12_345, 0)).isZero();
        assertThat(Pricing.fee(12_345, 10_000)).isEqualTo(12_345);
        assertThat(Pricing.fee(1, 1)).isEqualTo(1);
    }

    @Test
    void noOverflowAtTheLimits() {
        long usage = Limits.MAX_JOB_SECONDS * 1000;
        long charge = Pricing.charge(Limits.MAX_PRICE_PER_DEVICE_HOUR, HardwareOffer.MAX_DEVICES, usage);
        BigInteger exact = BigInteger.valueOf(Limits.MAX_PRICE_PER_DEVICE_HOUR)
                .multiply(BigInteger.valueOf(HardwareOffer.MAX_DEVICES))
                .multiply(BigInteger.valueOf(usage));
        // The product overflows a long (about 3.2e22), the charge itself does not (about 9e15).
        assertThat(exact.bitLength()).isGreaterThan(63);
        assertThat(BigInteger.valueOf(charge).multiply(BigInteger.valueOf(HOUR_MS))).isEqualTo(exact);
        assertThat(charge).isEqualTo(8_970_240_000_000_000L);

        var spec = new JobSpec("max", java.util.List.of(), HardwareOffer.MAX_DEVICES, Limits.MAX_JOB_SECONDS,
                Limits.MAX_PRICE_PER_DEVICE_HOUR);
        assertThat(spec.worstCaseCost()).isEqualTo(charge);

        assertThat(Pricing.fee(Long.MAX_VALUE, 10_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(Pricing.fee(Long.MAX_VALUE, 9_999)).isLessThan(Long.MAX_VALUE);
        assertThat(Pricing.fee(charge, 500)).isEqualTo(448_512_000_000_000L);
    }

    @Test
    void aChargeBeyondALongIsAnErrorNotAWrap() {
        assertThatThrownBy(() -> Pricing.charge(Long.MAX_VALUE, 1024, Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void roundingIsTightForRandomInputs() {
        var random = new SplittableRandom(3_600_000);
        for (int i = 0; i < 10_000; i++) {
            long price = 1 + random.nextLong(Limits.MAX_PRICE_PER_DEVICE_HOUR);
            int devices = 1 + random.nextInt(HardwareOffer.MAX_DEVICES);
            long usage = random.nextLong(Limits.MAX_JOB_SECONDS * 1000 + 1);
            int bps = random.nextInt(10_001);
            BigInteger exact = BigInteger.valueOf(price).multiply(BigInteger.valueOf(devices)).multiply(BigInteger.valueOf(usage));
            long charge = Pricing.charge(price, devices, usage);
            BigInteger scaled = BigInteger.valueOf(charge).multiply(BigInteger.valueOf(HOUR_MS));
            // charge is the least integer with charge * 1h >= price * devices * usage
            assertThat(scaled).isGreaterThanOrEqualTo(exact);
            assertThat(scaled.subtract(exact)).isLessThan(BigInteger.valueOf(HOUR_MS));

            long fee = Pricing.fee(charge, bps);
            assertThat(fee).isBetween(0L, charge);
            BigInteger feeScaled = BigInteger.valueOf(fee).multiply(BigInteger.valueOf(10_000));
            BigInteger owed = BigInteger.valueOf(charge).multiply(BigInteger.valueOf(bps));
            assertThat(feeScaled).isGreaterThanOrEqualTo(owed);
            assertThat(feeScaled.subtract(owed)).isLessThan(BigInteger.valueOf(10_000));
        }
    }
}
