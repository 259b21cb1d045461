package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BmeTest {

    private static final long THOUSAND_DOLLARS = 1_000_000_000L; // micro-CC
    private static final long PRICE_1_14 = 1_140_000L;
    private static final long PRICE_1_50 = 1_500_000L;

    @Test
    void aep76WorkedExample() {
        // $1,000 of credits at $1.14: 877.1929824... GRID, rounded up.
        long paid = Bme.gridForCredits(THOUSAND_DOLLARS, PRICE_1_14, 0);
        assertThat(paid).isEqualTo(877_192_983L);
        // Settled at $1.50: 666.6666... GRID, rounded down.
        long settled = Bme.gridForSettlement(THOUSAND_DOLLARS, PRICE_1_50);
        assertThat(settled).isEqualTo(666_666_666L);
        // AEP-76 publishes the vault's gain as 210.526316 GRID; both roundings favour the vault,
        // so it keeps exactly one micro-GRID of dust more than the published figure.
        long kept = paid - settled;
        assertThat(kept).isEqualTo(210_526_317L);
        assertThat(kept - 210_526_316L).isEqualTo(1);
    }

    @Test
    void collateralRatioOfTheWorkedExample() {
        // 8.77M GRID at $1.20 against 10M CC: 1.0524 (AEP-76 publishes 1.053, rounded).
        long vault = 8_770_000L * 1_000_000L;
        long outstanding = 10_000_000L * 1_000_000L;
        assertThat(Bme.collateralRatioBps(vault, 1_200_000L, outstanding)).isEqualTo(10_524);
    }

    @Test
    void collateralRatioEdges() {
        assertThat(Bme.collateralRatioBps(123, 1_000_000, 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(Bme.collateralRatioBps(0, 1_000_000, 5)).isZero();
        assertThat(Bme.collateralRatioBps(Long.MAX_VALUE, Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        // Exactly fully collateralised: 1 GRID at $1 against 1 CC.
        assertThat(Bme.collateralRatioBps(1_000_000, 1_000_000, 1_000_000)).isEqualTo(10_000);
        // Rounded down: 2 micro-GRID at $1 against 3 micro-CC is 6,666.67 bps.
        assertThat(Bme.collateralRatioBps(2, 1_000_000, 3)).isEqualTo(6_666);
    }

    @Test
    void spreadRaisesTheCostByExactlyTheSpread() {
        long plain = Bme.gridForCredits(THOUSAND_DOLLARS, PRICE_1_14, 0);
        long withSpread = Bme.gridForCredits(THOUSAND_DOLLARS, PRICE_1_14, 25);
        // 877.1929824... / 0.9975 = 879.3914611..., rounded up.
        assertThat(withSpread).isEqualTo(879_391_462L);
        assertThat(withSpread).isGreaterThan(plain);
        // The smallest amount whose value net of the spread covers the credits.
        BigInteger needed = BigInteger.valueOf(THOUSAND_DOLLARS).multiply(BigInteger.valueOf(1_000_000L * 10_000L));
        BigInteger perGrid = BigInteger.valueOf(PRICE_1_14 * 9_975L);
        assertThat(BigInteger.valueOf(withSpread).multiply(perGrid)).isGreaterThanOrEqualTo(needed);
        assertThat(BigInteger.valueOf(withSpread - 1).multiply(perGrid)).isLessThan(needed);
    }

    @Test
    void refundChargesTheSpreadAndRoundsDown() {
        assertThat(Bme.gridForRefund(THOUSAND_DOLLARS, PRICE_1_14, 0)).isEqualTo(877_192_982L);
        // 1,000 / 1.14 * 0.9975 = 875 GRID exactly.
        assertThat(Bme.gridForRefund(THOUSAND_DOLLARS, PRICE_1_14, 25)).isEqualTo(875_000_000L);
        assertThat(Bme.gridForRefund(1, PRICE_1_14, 25)).isZero(); // 0.875
        assertThat(Bme.gridForRefund(3, PRICE_1_14, 25)).isEqualTo(2); // 2.625
        assertThat(Bme.gridForRefund(0, PRICE_1_14, 25)).isZero();
        // A buy-then-refund round trip never returns more than was paid.
        long paid = Bme.gridForCredits(THOUSAND_DOLLARS, PRICE_1_14, 25);
        assertThat(Bme.gridForRefund(THOUSAND_DOLLARS, PRICE_1_14, 25)).isLessThan(paid);
    }

    @Test
    void creditsForGridRoundsDown() {
        assertThat(Bme.creditsForGrid(1_000_000, PRICE_1_14)).isEqualTo(1_140_000);
        assertThat(Bme.creditsForGrid(1, PRICE_1_14)).isEqualTo(1); // 1.14
        assertThat(Bme.creditsForGrid(1, 999_999)).isZero();
        assertThat(Bme.creditsForGrid(877_192_983L, PRICE_1_14)).isEqualTo(1_000_000_000L); // 1,000,000,000.62
    }

    @Test
    void breakerThresholds() {
        assertThat(Bme.breaker(10_524, 10_000, 9_000)).isEqualTo(VaultBreaker.OK);
        assertThat(Bme.breaker(10_000, 10_000, 9_000)).isEqualTo(VaultBreaker.OK);
        assertThat(Bme.breaker(9_999, 10_000, 9_000)).isEqualTo(VaultBreaker.WARN);
        assertThat(Bme.breaker(9_000, 10_000, 9_000)).isEqualTo(VaultBreaker.WARN);
        assertThat(Bme.breaker(8_999, 10_000, 9_000)).isEqualTo(VaultBreaker.HALT);
        assertThat(Bme.breaker(Long.MAX_VALUE, 10_000, 9_000)).isEqualTo(VaultBreaker.OK);
        assertThat(Bme.breaker(0, 10_000, 9_000)).isEqualTo(VaultBreaker.HALT);
        assertThatThrownBy(() -> Bme.breaker(1, 9_000, 10_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> Bme.gridForCredits(-1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.gridForCredits(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.gridForCredits(1, 1, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.gridForCredits(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.gridForSettlement(1, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.gridForRefund(-1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.creditsForGrid(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.collateralRatioBps(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bme.breaker(-1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundingAlwaysFavoursTheVault() {
        Random random = new Random(76);
        BigInteger micro = BigInteger.valueOf(1_000_000);
        for (int i = 0; i < 10_000; i++) {
            long credits = random.nextLong(1, 1_000_000_000_000_000L);
            long price = random.nextLong(1, 1_000_000_000L);
            long paid = Bme.gridForCredits(credits, price, 0);
            long settled = Bme.gridForSettlement(credits, price);
            // settled <= credits * 10^6 / price <= paid, compared exactly.
            BigInteger exactNumerator = BigInteger.valueOf(credits).multiply(micro);
            assertThat(BigInteger.valueOf(settled).multiply(BigInteger.valueOf(price)))
                    .isLessThanOrEqualTo(exactNumerator);
            assertThat(BigInteger.valueOf(paid).multiply(BigInteger.valueOf(price)))
                    .isGreaterThanOrEqualTo(exactNumerator);
            assertThat(paid - settled).isBetween(0L, 1L);
            assertThat(Bme.creditsForGrid(paid, price)).isGreaterThanOrEqualTo(credits);
            assertThat(Bme.gridForRefund(credits, price, 0)).isEqualTo(settled);
        }
    }

    @Test
    void aPayoutTakesTheVaultFirstThenMintsWithinTheHeadroom() {
        assertThat(Bme.payout(100, 300, 0)).isEqualTo(new Bme.Payout(100, 0));
        assertThat(Bme.payout(500, 300, 1_000)).isEqualTo(new Bme.Payout(300, 200));
        var capped = Bme.payout(500, 300, 50);
        assertThat(capped).isEqualTo(new Bme.Payout(300, 50));
        assertThat(capped.paid()).as("150 unpaid").isEqualTo(350);
    }

    @Test
    void theVaultSurplusIsWhatNoOutstandingCreditCanClaim() {
        // 100 CC at $2.00 are backed by 50 GRID; a vault of 80 GRID has 30 to spare.
        assertThat(Bme.vaultSurplus(80_000_000, 100_000_000, 2_000_000)).isEqualTo(30_000_000);
        assertThat(Bme.vaultSurplus(40_000_000, 100_000_000, 2_000_000)).isZero();
        assertThat(Bme.vaultSurplus(40_000_000, 0, 2_000_000)).isEqualTo(40_000_000);
    }
}
