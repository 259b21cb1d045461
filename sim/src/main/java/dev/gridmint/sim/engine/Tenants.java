package dev.gridmint.sim.engine;

import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.Scenario;
import java.util.SplittableRandom;

/**
 * Tenants' USD demand per epoch (spec (b)): {@code D_t = D0 · growth(t) · (p_svc/p_ref)^(−ε) ·
 * shock_t · noise}, with the enterprise anchor's contracted floor under it.
 */
final class Tenants {

    private final AgentParams agents;
    private final Scenario scenario;

    Tenants(AgentParams agents, Scenario scenario) {
        this.agents = agents;
        this.scenario = scenario;
    }

    double demandUsd(int epoch, double servicePrice, SplittableRandom random) {
        double growth = Math.exp(scenario.demandGrowth() * epoch);
        double elastic = Math.pow(servicePrice / agents.servicePriceUsd(), -agents.elasticity());
        double shock = scenario.demandShockEpoch() >= 0 && epoch >= scenario.demandShockEpoch()
                ? 1 - scenario.demandShockSize() : 1;
        double sd = agents.demandNoise();
        double noise = Math.exp(sd * random.nextGaussian() - sd * sd / 2);
        double demand = agents.baseDemandUsd() * scenario.demandScale() * growth * elastic * shock * noise;
        return Math.max(demand, scenario.enterpriseFloorUsd());
    }
}
