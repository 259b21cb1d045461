package dev.gridmint.market.auction;

import dev.gridmint.market.order.Order;
import java.util.List;

/** An order open for bids from {@code openedAt} until {@code closesAt} (exclusive), and the bids so far, in arrival order. */
public record Auction(Order order, long openedAt, long closesAt, List<Bid> bids) {

    public Auction {
        bids = List.copyOf(bids);
    }

    public boolean acceptsBidsAt(long time) {
        return time < closesAt;
    }
}
