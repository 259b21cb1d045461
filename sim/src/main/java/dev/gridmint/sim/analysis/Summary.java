package dev.gridmint.sim.analysis;

/**
 * A scenario's headline figures across its runs.
 *
 * @param deathSpiral true when the median run is flagged: at least half the runs are
 * @param spiralShare the share of runs flagged
 * @param firstSpiralEpoch the median first flagged epoch among flagged runs, or -1 when none is
 * @param medianFinalPrice the median across runs of the last epoch's price, USD
 * @param providerRetention the median across runs of final providers / initial providers
 * @param netEmissionShare the median across runs of Σ(E − B) / ΣE: the share of emission that stayed net new supply
 * @param medianFinalProviders the median of the final provider count
 */
public record Summary(String scenario, String design, int runs, int epochs, boolean deathSpiral, double spiralShare,
        int firstSpiralEpoch, double medianFinalPrice, double providerRetention, double netEmissionShare,
        double medianFinalProviders) {}
