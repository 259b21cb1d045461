package dev.gridmint.sim.config;

/**
 * The agents' behaviour and the starting market, in USD and whole GRID (doubles: behaviour is a
 * model, not money; the ledger's exact amounts are computed from it in micro units).
 *
 * @param initialProviders providers at genesis
 * @param capacityLogMean log of the median GPUs per provider (LogNormal capacity)
 * @param capacityLogSd its log standard deviation
 * @param costMin lowest cost per GPU-hour, USD (electricity plus amortised capex)
 * @param costMax highest cost per GPU-hour, USD
 * @param holdMin lowest share of surplus a provider holds rather than sells
 * @param holdMax highest such share
 * @param hurdle a candidate joins when expected income exceeds cost × (1 + hurdle)
 * @param entryRate Poisson mean of candidate providers per epoch
 * @param servicePriceUsd the reference price of a GPU-hour, USD (p_ref)
 * @param elasticity price elasticity of demand (ε)
 * @param baseDemandUsd D0: tenants' USD demand per epoch at the reference price
 * @param demandNoise log standard deviation of the daily demand noise
 * @param faultProbability chance per provider per epoch of an undeclared outage (slashed, L15)
 * @param ammGrid GRID in the AMM at genesis
 * @param ammUsd USD in the AMM at genesis (their ratio is the opening price)
 * @param genesisSupply GRID outstanding at genesis
 * @param speculatorBudgetUsd USD each speculator kind (momentum, mean-reversion) may deploy
 * @param stakerCapitalUsd USD the stakers may put into staking
 * @param outsideYield the stakers' alternative, per year
 * @param stakingPremium the premium over it they demand, per year
 * @param maxProviders a hard cap on providers, to bound memory
 */
public record AgentParams(int initialProviders, double capacityLogMean, double capacityLogSd, double costMin,
        double costMax, double holdMin, double holdMax, double hurdle, double entryRate, double servicePriceUsd,
        double elasticity, double baseDemandUsd, double demandNoise, double faultProbability, double ammGrid, double ammUsd,
        double genesisSupply, double speculatorBudgetUsd, double stakerCapitalUsd, double outsideYield,
        double stakingPremium, int maxProviders) {

    /**
     * 120 providers of about 8 GPUs at $0.90–1.50 a GPU-hour selling at $2.00; tenants' $45k a
     * day fills about 80% of them; a $0.50 opening price in a $10M-a-side AMM.
     */
    public static final AgentParams DEFAULTS = new AgentParams(120, Math.log(8), 0.6, 0.9, 1.5, 0.2, 0.8, 0.2, 1.0, 2.0,
            1.2, 45_000, 0.1, 0.002, 20_000_000, 10_000_000, 400_000_000, 2_000_000, 5_000_000, 0.05, 0.03, 20_000);

    public AgentParams {
        if (initialProviders < 0 || costMin <= 0 || costMax < costMin || holdMin < 0 || holdMax > 1 || holdMax < holdMin
                || entryRate < 0 || servicePriceUsd <= 0 || baseDemandUsd < 0 || ammGrid <= 0 || ammUsd <= 0
                || genesisSupply < ammGrid || maxProviders < initialProviders || faultProbability < 0 || faultProbability > 1) {
            throw new IllegalArgumentException("agent parameters out of range");
        }
    }

    public AgentParams withInitialProviders(int count) {
        return new AgentParams(count, capacityLogMean, capacityLogSd, costMin, costMax, holdMin, holdMax, hurdle, entryRate,
                servicePriceUsd, elasticity, baseDemandUsd, demandNoise, faultProbability, ammGrid, ammUsd, genesisSupply,
                speculatorBudgetUsd, stakerCapitalUsd, outsideYield, stakingPremium, Math.max(maxProviders, count));
    }

    public AgentParams withFaultProbability(double probability) {
        return new AgentParams(initialProviders, capacityLogMean, capacityLogSd, costMin, costMax, holdMin, holdMax, hurdle,
                entryRate, servicePriceUsd, elasticity, baseDemandUsd, demandNoise, probability, ammGrid, ammUsd, genesisSupply,
                speculatorBudgetUsd, stakerCapitalUsd, outsideYield, stakingPremium, maxProviders);
    }

    public AgentParams withEntryRate(double rate) {
        return new AgentParams(initialProviders, capacityLogMean, capacityLogSd, costMin, costMax, holdMin, holdMax, hurdle,
                rate, servicePriceUsd, elasticity, baseDemandUsd, demandNoise, faultProbability, ammGrid, ammUsd, genesisSupply,
                speculatorBudgetUsd, stakerCapitalUsd, outsideYield, stakingPremium, maxProviders);
    }

    public AgentParams withMaxProviders(int count) {
        return new AgentParams(initialProviders, capacityLogMean, capacityLogSd, costMin, costMax, holdMin, holdMax, hurdle,
                entryRate, servicePriceUsd, elasticity, baseDemandUsd, demandNoise, faultProbability, ammGrid, ammUsd,
                genesisSupply, speculatorBudgetUsd, stakerCapitalUsd, outsideYield, stakingPremium, count);
    }

    /**
     * Scaled to {@code count} genesis providers: every quantity that grows with the network
     * (demand, entry, AMM depth, genesis supply, the speculators' and stakers' capital, the cap) is
     * {@code count / initialProviders} times larger, so that each provider sees the world it sees at
     * the defaults. Run it with {@link EconomyParams#scaledTo} by the same factor: the genesis
     * supply must stay within the max supply, and the emission per provider the same.
     */
    public AgentParams scaledTo(int count) {
        double k = scale(count);
        return new AgentParams(count, capacityLogMean, capacityLogSd, costMin, costMax, holdMin, holdMax, hurdle, entryRate * k,
                servicePriceUsd, elasticity, baseDemandUsd * k, demandNoise, faultProbability, ammGrid * k, ammUsd * k,
                genesisSupply * k, speculatorBudgetUsd * k, stakerCapitalUsd * k, outsideYield, stakingPremium,
                Math.max(maxProviders, count * 2));
    }

    /** The factor {@link #scaledTo} scales by. */
    public double scale(int count) {
        return (double) count / initialProviders;
    }
}
