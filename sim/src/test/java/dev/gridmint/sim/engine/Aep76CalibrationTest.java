package dev.gridmint.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.sim.config.EconomyParams;
import org.junit.jupiter.api.Test;

/**
 * Akash AEP-76 (burn-and-mint for ACT, {@code aep-76/README.md}), through the simulator's own
 * money path, {@link TokenLedger}, in the order a simulated epoch moves it: $1,000 of credits
 * bought at $1.14 burns 877.192982 AKT; settled at $1.50 they pay 666.666667 AKT; the net is
 * −210.526316 AKT. Core's {@code GoldenExamplesTest} checks the same figures through the ledger's
 * transactions. This test lives in the engine's package because {@link TokenLedger} is private to it.
 */
class Aep76CalibrationTest {

    private static final long CC = 1_000_000L;
    private static final long AT_1_14 = 1_140_000L;
    private static final long AT_1_50 = 1_500_000L;
    private static final long AT_1_20 = 1_200_000L;

    /** The example has no spread and no take rate (AEP-76 removes take rates); AEP-76's own breaker thresholds. */
    private static TokenLedger ledger() {
        var d = EconomyParams.DEFAULTS;
        var credits = new CreditParams(0, 0, 9_500, 9_000, 0);
        return new TokenLedger(new EconomyParams(d.token(), credits, d.emission(), d.staking(), d.slashing()), 0);
    }

    /** One provider that did all the work and has one device, as a simulated epoch's arrays hold it. */
    private static TokenLedger.Emission close(TokenLedger ledger, long epoch, long price) {
        int[] perClass = new int[Providers.MAX_GPUS + 1];
        perClass[1] = 1;
        var classes = new GpuClasses();
        classes.refresh(perClass);
        classes.billed[1] = 1_000 * CC;
        return ledger.closeEpoch(epoch, price, classes, perClass);
    }

    @Test
    void boughtAt114AndSettledAt150TheVaultKeeps210Point526316() {
        var ledger = ledger();
        // Epoch 0 at $1.14: the tenant burns GRID for $1,000 of credits.
        long burned = ledger.gridForCredits(1_000 * CC, AT_1_14);
        ledger.mintCredits(1_000 * CC, burned);
        // Published 877.192982; the buyer is charged the micro-AKT above the exact 877.1929824…
        assertThat(burned).isEqualTo(877_192_983L);
        assertThat(close(ledger, 0, AT_1_14).released()).as("no re-mint from the epoch's own burn").isZero();

        // Epoch 1 at $1.50: the $1,000 is billed and settled.
        long mintedBefore = ledger.minted;
        var settled = ledger.settle(1_000 * CC, AT_1_50);
        // Published 666.666667; the payee is paid the micro-AKT below the exact 666.6666…
        assertThat(settled.providerGrid()).isEqualTo(666_666_666L);
        assertThat(settled.treasuryGrid()).isZero();
        assertThat(ledger.minted - mintedBefore).as("paid from the vault, nothing minted").isZero();
        assertThat(ledger.creditsOutstanding).isZero();
        // Published −210.526316: the micro-AKT more is the two roundings, both in the protocol's favour.
        assertThat(ledger.vault).isEqualTo(210_526_317L);
        assertThat(Bme.vaultSurplus(ledger.vault, ledger.creditsOutstanding, AT_1_50))
                .as("no credit can claim any of it").isEqualTo(ledger.vault);

        // Where Gridmint goes beyond AEP-76: the next close re-mints a seventh of the last burn (L12, Helium's
        // smoothing) out of that surplus, so only the rest stays burned for good.
        var emission = close(ledger, 1, AT_1_50);
        assertThat(emission.released()).isEqualTo(877_192_983L / 7);
        assertThat(ledger.vault).isEqualTo(210_526_317L - 877_192_983L / 7);
    }

    /** AEP-76's net supply change per dollar, 1/P_mint − 1/P_settle, the other way round: a falling price mints the gap. */
    @Test
    void boughtAt150AndSettledAt114TheShortfallIsMinted() {
        var ledger = ledger();
        ledger.mintCredits(1_000 * CC, ledger.gridForCredits(1_000 * CC, AT_1_50));
        assertThat(ledger.vault).isEqualTo(666_666_667L);
        var settled = ledger.settle(1_000 * CC, AT_1_14);
        assertThat(settled.providerGrid()).isEqualTo(877_192_982L);
        assertThat(ledger.vault).isZero();
        assertThat(ledger.minted).isEqualTo(877_192_982L - 666_666_667L);
    }

    /**
     * AEP-76's collateral ratio, CR = vault × price / outstanding ACT: "CR 1.053 for 8.77M vault at
     * $1.20 vs 10M ACT". The vault is what 10M of credits burned at $1.14 (8,771,929.824562, which
     * the example rounds to 8.77M; 8.77M itself would give 1.052). Warn below 0.95, halt below 0.90.
     */
    @Test
    void theCollateralRatioAndItsBreaker() {
        var ledger = ledger();
        ledger.mintCredits(10_000_000 * CC, ledger.gridForCredits(10_000_000 * CC, AT_1_14));
        assertThat(ledger.vault).isEqualTo(8_771_929_824_562L);
        assertThat(Bme.collateralRatioBps(ledger.vault, AT_1_20, ledger.creditsOutstanding)).isEqualTo(10_526);
        assertThat(ledger.breaker(AT_1_20)).isEqualTo(VaultBreaker.OK);
        // CR 0.947 and 0.895: just under each threshold.
        assertThat(ledger.breaker(1_080_000)).isEqualTo(VaultBreaker.WARN);
        assertThat(ledger.breaker(1_020_000)).isEqualTo(VaultBreaker.HALT);
    }
}
