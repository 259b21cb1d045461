package dev.gridmint.market.auction;

import dev.gridmint.market.matching.Refusal;

/** A bid taken, or refused with nothing changed. */
public sealed interface BidResult {

    record Placed(Bid bid) implements BidResult {}

    record Refused(Refusal refusal) implements BidResult {}
}
