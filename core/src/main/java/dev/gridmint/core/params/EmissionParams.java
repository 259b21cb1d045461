package dev.gridmint.core.params;

/**
 * Epochs and the emission schedules closed at each.
 *
 * @param epochSeconds length of an epoch (24 h)
 * @param providerFirstYearBps share of the provider pool emitted in year one, and in every year of the first
 *     decay period (L9: 40%)
 * @param providerDecayBps each decay period's yearly provider emission as a share of the period before (L9: 0.6)
 * @param providerDecayPeriodYears years between two decay steps: 1 decays every year (L9), 2 is Helium's
 *     halving every two years (HIP-20)
 * @param providerYears years the provider schedule runs (L9: 10)
 * @param checkerYears years over which the checker pool is emitted linearly (L10: 4)
 * @param workShareBps share of the provider emission paid for settled work; the rest pays availability (L11: 80%)
 * @param netEmissionCapBps the net-emission cap as a share of year one's provider emission (L12: 1%)
 */
public record EmissionParams(
        long epochSeconds,
        int providerFirstYearBps,
        int providerDecayBps,
        int providerDecayPeriodYears,
        int providerYears,
        int checkerYears,
        int workShareBps,
        int netEmissionCapBps) {

    public static final EmissionParams DEFAULTS = new EmissionParams(24 * 3600, 4_000, 6_000, 1, 10, 4, 8_000, 100);

    public EmissionParams {
        Bounds.range(epochSeconds, 1, 366L * 24 * 3600, "epoch length");
        Bounds.bps(providerFirstYearBps, "provider first-year share");
        Bounds.bps(providerDecayBps, "provider decay");
        Bounds.range(providerDecayPeriodYears, 1, 100, "provider decay period");
        Bounds.range(providerYears, 1, 100, "provider schedule years");
        Bounds.range(checkerYears, 1, 100, "checker schedule years");
        Bounds.bps(workShareBps, "work share");
        Bounds.bps(netEmissionCapBps, "net-emission cap");
    }

    /** The same schedules over epochs of {@code seconds}: devnets and tests close epochs faster than daily. */
    public EmissionParams withEpochSeconds(long seconds) {
        return new EmissionParams(seconds, providerFirstYearBps, providerDecayBps, providerDecayPeriodYears, providerYears,
                checkerYears, workShareBps, netEmissionCapBps);
    }

    public EmissionParams withProviderDecayBps(int bps) {
        return new EmissionParams(epochSeconds, providerFirstYearBps, bps, providerDecayPeriodYears, providerYears,
                checkerYears, workShareBps, netEmissionCapBps);
    }

    public EmissionParams withWorkShareBps(int bps) {
        return new EmissionParams(epochSeconds, providerFirstYearBps, providerDecayBps, providerDecayPeriodYears, providerYears,
                checkerYears, bps, netEmissionCapBps);
    }

    public EmissionParams withNetEmissionCapBps(int bps) {
        return new EmissionParams(epochSeconds, providerFirstYearBps, providerDecayBps, providerDecayPeriodYears, providerYears,
                checkerYears, workShareBps, bps);
    }
}
