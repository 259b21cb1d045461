package dev.gridmint.core.params;

/**
 * Compute credits (CC, 1 CC = 1 USD, micro units) and the BME vault behind them.
 *
 * @param spreadBps taken when GRID is burned for credits and when credits are refunded (L1: 25 bps)
 * @param protocolFeeBps share of every settled charge paid to the treasury (L6: 5%)
 * @param warnRatioBps collateral ratio of the vault below which the breaker warns (L7: 0.95)
 * @param haltRatioBps collateral ratio below which minting credits halts (L7: 0.90)
 * @param minRunwaySeconds the least time an escrow deposit must cover at the job's highest rate (L3: 24 h)
 */
public record CreditParams(int spreadBps, int protocolFeeBps, int warnRatioBps, int haltRatioBps, long minRunwaySeconds) {

    public static final CreditParams DEFAULTS = new CreditParams(25, 500, 9_500, 9_000, 24 * 3600);

    public CreditParams {
        Bounds.range(spreadBps, 0, 5_000, "credit spread");
        Bounds.bps(protocolFeeBps, "protocol fee");
        Bounds.range(haltRatioBps, 0, warnRatioBps, "halt ratio");
        Bounds.range(warnRatioBps, haltRatioBps, 100 * Bounds.BPS, "warn ratio");
        Bounds.range(minRunwaySeconds, 0, 365L * 24 * 3600, "minimum runway");
    }
}
