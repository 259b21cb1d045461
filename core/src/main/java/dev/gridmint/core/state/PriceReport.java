package dev.gridmint.core.state;

/**
 * An oracle's latest signed report of the GRID price.
 *
 * @param price micro-USD per GRID
 * @param observedAt ledger time the reporter observed it
 */
public record PriceReport(long price, long observedAt) {

    public PriceReport {
        Checks.positive(price, "price");
        Checks.nonNegative(observedAt, "observed at");
    }
}
