package dev.gridmint.core.params;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import java.util.List;

/**
 * Every governance parameter of a network, in one record: set by genesis, changed only by a
 * council proposal that reaches its threshold. The defaults and their sources are in
 * {@code docs/economics.md}.
 *
 * @param maxJobAttempts leases a job may lose before it fails and what is left of its escrow goes back
 * @param verification how checkers' verdicts are aggregated and what they cost the judged and the judges
 */
public record NetworkParams(
        int maxJobAttempts,
        TokenParams token,
        CreditParams credits,
        OracleParams oracle,
        EmissionParams emission,
        StakingParams staking,
        SlashTerms slashing,
        GovernanceParams governance,
        VerificationParams verification) {

    public NetworkParams {
        Bounds.range(maxJobAttempts, 1, 100, "max job attempts");
    }

    /** The defaults, with the given council (2 of 3 when it has three members) and oracle reporters. */
    public static NetworkParams defaults(List<Address> council, List<Address> oracleReporters) {
        int threshold = council.size() == 1 ? 1 : Math.max(2, (council.size() * 2 + 2) / 3);
        return new NetworkParams(3, TokenParams.DEFAULTS, CreditParams.DEFAULTS, OracleParams.of(oracleReporters),
                EmissionParams.DEFAULTS, StakingParams.DEFAULTS, SlashTerms.DEFAULTS,
                GovernanceParams.of(council, Math.min(threshold, council.size())), VerificationParams.DEFAULTS);
    }

    public NetworkParams withMaxJobAttempts(int attempts) {
        return new NetworkParams(attempts, token, credits, oracle, emission, staking, slashing, governance,
                verification);
    }

    public NetworkParams withCredits(CreditParams newCredits) {
        return new NetworkParams(maxJobAttempts, token, newCredits, oracle, emission, staking, slashing, governance,
                verification);
    }

    public NetworkParams withOracle(OracleParams newOracle) {
        return new NetworkParams(maxJobAttempts, token, credits, newOracle, emission, staking, slashing, governance,
                verification);
    }

    public NetworkParams withEmission(EmissionParams newEmission) {
        return new NetworkParams(maxJobAttempts, token, credits, oracle, newEmission, staking, slashing, governance,
                verification);
    }

    public NetworkParams withStaking(StakingParams newStaking) {
        return new NetworkParams(maxJobAttempts, token, credits, oracle, emission, newStaking, slashing, governance,
                verification);
    }

    public NetworkParams withToken(TokenParams newToken) {
        return new NetworkParams(maxJobAttempts, newToken, credits, oracle, emission, staking, slashing, governance,
                verification);
    }

    public NetworkParams withGovernance(GovernanceParams newGovernance) {
        return new NetworkParams(maxJobAttempts, token, credits, oracle, emission, staking, slashing, newGovernance,
                verification);
    }

    public NetworkParams withSlashing(SlashTerms newSlashing) {
        return new NetworkParams(maxJobAttempts, token, credits, oracle, emission, staking, newSlashing, governance,
                verification);
    }

    public NetworkParams withVerification(VerificationParams newVerification) {
        return new NetworkParams(maxJobAttempts, token, credits, oracle, emission, staking, slashing, governance,
                newVerification);
    }
}
