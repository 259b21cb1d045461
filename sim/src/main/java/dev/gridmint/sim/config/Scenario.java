package dev.gridmint.sim.config;

/**
 * The exogenous world of a run (spec (b), scenarios): macro drift and volatility of the token
 * market, the tenants' demand path, shocks, cost inflation and the enterprise anchor.
 *
 * @param name the CLI name
 * @param macroDrift mean daily log-return the outside market imposes on the token
 * @param macroVol daily volatility of that return
 * @param demandScale multiplies the base demand D0 (0 for speculative-only)
 * @param demandGrowth daily growth of demand (0.001 is about +44% a year)
 * @param demandShockEpoch the epoch demand steps down by {@code demandShockSize}, or -1
 * @param demandShockSize the share of demand lost at the shock (0.5 = −50%)
 * @param unlockEpoch the epoch an unlock is sold into the AMM, or -1
 * @param unlockShare the unlock sold, as a share of the AMM's GRID depth
 * @param costInflation daily growth of providers' cost per GPU-hour
 * @param enterpriseFloorUsd a contracted USD demand floor per epoch (0 for none)
 * @param speculatorScale multiplies the speculators' budgets
 */
public record Scenario(String name, double macroDrift, double macroVol, double demandScale, double demandGrowth,
        int demandShockEpoch, double demandShockSize, int unlockEpoch, double unlockShare, double costInflation,
        double enterpriseFloorUsd, double speculatorScale) {

    public Scenario {
        if (macroVol < 0 || demandScale < 0 || demandShockSize < 0 || demandShockSize > 1 || unlockShare < 0
                || enterpriseFloorUsd < 0 || speculatorScale < 0) {
            throw new IllegalArgumentException("scenario " + name + " has a negative or out-of-range figure");
        }
    }
}
