package dev.gridmint.sim.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The token designs compared side by side. Every design pays the ledger's provider and checker
 * emission; they differ in how usage touches the token.
 */
public enum Design {
    /** Tenants pay providers in USD off-chain: the token is only a reward, with no usage demand. */
    EMISSION_ONLY("emission-only", false, false),
    /** Tenants buy GRID and burn it for credits; providers are paid from the vault (L1, L6, L12). */
    BME("bme", true, false),
    /**
     * BME, and the checkers' emission goes to stakers who stake while it beats an outside yield
     * (L14, L19), with a partner's token streamed to them on top (L20, {@link PartnerProgram}).
     */
    BME_STAKING("bme-staking", true, true);

    private final String cliName;
    private final boolean burnAndMint;
    private final boolean staking;

    Design(String cliName, boolean burnAndMint, boolean staking) {
        this.cliName = cliName;
        this.burnAndMint = burnAndMint;
        this.staking = staking;
    }

    public String cliName() {
        return cliName;
    }

    public boolean burnAndMint() {
        return burnAndMint;
    }

    public boolean staking() {
        return staking;
    }

    public static Optional<Design> byName(String name) {
        return Arrays.stream(values()).filter(d -> d.cliName.equals(name)).findFirst();
    }
}
