package dev.gridmint.market.matching;

/** What happened when the market's clock moved on. */
public sealed interface MarketEvent {

    long at();

    record LeaseEnded(long leaseId, EndReason reason, long at) implements MarketEvent {}

    /** A reserved order that waited for reclaimed spot capacity got its lease. */
    record LeaseStarted(Lease lease, long at) implements MarketEvent {}

    enum EndReason {
        EXPIRED,
        CANCELLED,
        RECLAIMED
    }
}
