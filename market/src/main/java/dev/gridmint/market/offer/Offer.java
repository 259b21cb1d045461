package dev.gridmint.market.offer;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;

/**
 * A provider's node on the market. The price is not fixed here: it comes from the owner's
 * {@link PricePolicy} and the node's use at the moment of matching.
 *
 * @param id unique and stable; the last tie-break of every choice, so matching never depends on arrival order
 * @param reputation 0..{@value Reputation#MAX}, the provider's ledger reputation, which the checkers' verdicts move at
 *        each epoch close (new providers start at {@value Reputation#NEUTRAL})
 * @param autoBid whether the provider lets the market bid for it in auctions, at its policy price
 */
public record Offer(long id, Address provider, Hardware hardware, Location location, PricePolicy policy,
                    Availability availability, int reputation, boolean autoBid) {

    public Offer {
        if (id < 0) {
            throw new IllegalArgumentException("an offer id is not negative");
        }
        if (provider == null || hardware == null || location == null || policy == null || availability == null) {
            throw new IllegalArgumentException("an offer needs a provider, hardware, location, policy and availability");
        }
        if (reputation < 0 || reputation > Reputation.MAX) {
            throw new IllegalArgumentException("reputation is 0.." + Reputation.MAX);
        }
    }
}
