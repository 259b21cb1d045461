package dev.gridmint.market.matching;

/** Why the market refused a call: a stable code and words for people. Nothing changed. */
public record Refusal(Code code, String message) {

    public enum Code {
        DUPLICATE_ID,
        UNKNOWN_OFFER,
        UNKNOWN_LEASE,
        UNKNOWN_ORDER,
        UNPRICED_MODEL,
        OFFER_IN_USE,
        NOT_EXTENDABLE,
        OUTSIDE_AVAILABILITY,
        AUCTION_CLOSED,
        AUCTION_OPEN,
        NOT_AUCTIONABLE,
        BID_NOT_ELIGIBLE,
        BID_UNAVAILABLE,
        NO_BIDS
    }

    public static Refusal of(Code code, String message) {
        return new Refusal(code, message);
    }
}
