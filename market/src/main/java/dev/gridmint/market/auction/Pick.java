package dev.gridmint.market.auction;

/** How an auction is decided: the tenant names a bid, or the auto rule takes the best one. */
public sealed interface Pick {

    /** The tenant's choice; Akash lets the tenant take any open bid, so it may come before the window closes. */
    record Tenant(long offerId) implements Pick {}

    /**
     * After the window: the bid with the best score, computed as for instant matching but at the
     * bid's price, among the bids whose node can still take the order; ties to the lower offer id.
     */
    record Auto() implements Pick {}
}
