package dev.gridmint.sim.config;

import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;

/**
 * The governance parameters the simulator's economy obeys: the ledger's own records, so a run
 * and a genesis file can share one set (the council and oracle keys do not matter to the sim).
 */
public record EconomyParams(TokenParams token, CreditParams credits, EmissionParams emission, StakingParams staking,
        SlashTerms slashing) {

    /** The network's defaults (docs/economics.md). */
    public static final EconomyParams DEFAULTS = new EconomyParams(TokenParams.DEFAULTS, CreditParams.DEFAULTS,
            EmissionParams.DEFAULTS, StakingParams.DEFAULTS, SlashTerms.DEFAULTS);

    public static EconomyParams of(NetworkParams params) {
        return new EconomyParams(params.token(), params.credits(), params.emission(), params.staking(), params.slashing());
    }

    /**
     * The same economy for {@code k} times the providers ({@link AgentParams#scaledTo}): the max
     * supply, and with it the reward pools and the net-emission cap (shares of it), {@code k} times
     * larger, so that each provider earns the GRID it earns at {@code k = 1}. Everything else is
     * per provider, per GPU or a rate already.
     */
    public EconomyParams scaledTo(double k) {
        var scaled = new TokenParams(Math.round(token.maxSupply() * k), token.providerRewardBps(), token.checkerRewardBps());
        return new EconomyParams(scaled, credits, emission, staking, slashing);
    }

    /** The same parameters as a ledger's, with the other fields taken from {@code base}. */
    public NetworkParams applyTo(NetworkParams base) {
        return base.withToken(token).withCredits(credits).withEmission(emission).withStaking(staking).withSlashing(slashing);
    }
}
