package dev.gridmint.market.matching;

import java.util.List;

/** What became of an order. */
public sealed interface MatchResult {

    /** Placed whole, now. */
    record Matched(Lease lease) implements MatchResult {}

    /**
     * No free capacity, but spot leases on {@code offerId} will be reclaimed at {@code deadline}; the
     * order's lease starts then (or earlier, if they end sooner). The node's free GPUs are held for it meanwhile.
     */
    record Reclaiming(long orderId, long offerId, List<Long> reclaimedLeases, long deadline) implements MatchResult {
        public Reclaiming {
            reclaimedLeases = List.copyOf(reclaimedLeases);
        }
    }

    /** Valid, but nothing on the market meets it now. */
    record NoMatch(long orderId) implements MatchResult {}

    /** Not a valid order for this market; nothing changed. */
    record Refused(Refusal refusal) implements MatchResult {}
}
