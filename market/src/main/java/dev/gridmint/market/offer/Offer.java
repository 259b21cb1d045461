package dev.gridmint.market.offer;

import dev.gridmint.core.crypto.Address;

/**
 * A provider's node on the market. The price is not fixed here: it comes from the owner's
 * {@link PricePolicy} and the node's use at the moment of matching.
 *
 * @param id unique and stable; the last tie-break of every choice, so matching never depends on arrival order
 * @param reputation 0..1000 from the verification layer; {@link #NEUTRAL_REPUTATION} until it has spoken
 * @param autoBid whether the provider lets the market bid for it in auctions, at its policy price
 */
public record Offer(long id, Address provider, Hardware hardware, Location location, PricePolicy policy,
                    Availability availability, int reputation, boolean autoBid) {

    public static final int NEUTRAL_REPUTATION = 500;
    public static final int MAX_REPUTATION = 1000;

    public Offer {
        if (id < 0) {
            throw new IllegalArgumentException("an offer id is not negative");
        }
        if (provider == null || hardware == null || location == null || policy == null || availability == null) {
            throw new IllegalArgumentException("an offer needs a provider, hardware, location, policy and availability");
        }
        if (reputation < 0 || reputation > MAX_REPUTATION) {
            throw new IllegalArgumentException("reputation is 0.." + MAX_REPUTATION);
        }
    }
}
