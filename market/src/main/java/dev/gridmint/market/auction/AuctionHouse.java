package dev.gridmint.market.auction;

import dev.gridmint.market.matching.Choice;
import dev.gridmint.market.matching.Market;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.market.matching.Outcome;
import dev.gridmint.market.matching.Refusal;
import dev.gridmint.market.matching.Refusal.Code;
import dev.gridmint.market.order.Order;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Akash-style reverse auctions over the market's offers, for single-node orders. A tenant opens a
 * window; providers bid a price at or under the order's maximum for one of their offers that
 * meets the order; providers that allow it are bid for automatically at their policy price; then
 * the tenant picks a bid, or the auto rule does once the window has closed.
 *
 * <p>Bids reserve nothing, as on Akash before the lease: a bid's node may fill up meanwhile, and
 * the award checks it again. Bids are capped per auction (Akash's {@code order_max_bids}). A
 * provider's own bid replaces its offer's earlier bid, auto or not, and in a full auction takes the
 * place of the dearest auto-bid, so auto-bids filling the cap never shut a provider out; an
 * auto-bid never replaces a bid.
 */
public final class AuctionHouse {

    private final Market market;
    private final int maxBids;
    private final Map<Long, Auction> open = new TreeMap<>();

    public AuctionHouse(Market market, int maxBids) {
        if (maxBids < 1) {
            throw new IllegalArgumentException("an auction takes at least one bid");
        }
        this.market = market;
        this.maxBids = maxBids;
    }

    public Optional<Auction> auction(long orderId) {
        return Optional.ofNullable(open.get(orderId));
    }

    public Outcome open(Order order, long now, long closesAt) {
        if (order.isGang()) {
            return Outcome.refused(Code.NOT_AUCTIONABLE, "gang orders are placed by instant matching only");
        }
        if (open.containsKey(order.id()) || market.knowsOrder(order.id())) {
            return Outcome.refused(Code.DUPLICATE_ID, "order " + order.id() + " is already open or placed");
        }
        if (closesAt <= now) {
            return Outcome.refused(Code.AUCTION_CLOSED, "an auction window must end after it opens");
        }
        open.put(order.id(), new Auction(order, now, closesAt, List.of()));
        return Outcome.DONE;
    }

    /** A provider's own bid for one of its offers. */
    public BidResult bid(long orderId, long offerId, long price, long now) {
        return place(orderId, offerId, price, now, false);
    }

    /** What {@link #bid} would answer now, with nothing placed: for a caller that must refuse before it records a bid elsewhere. */
    public BidResult check(long orderId, long offerId, long price, long now) {
        return checked(orderId, offerId, price, now, false);
    }

    /** Bids for the best offers that allow auto-bidding, at their policy price, up to the cap. */
    public List<Bid> autoBid(long orderId, long now) {
        Auction auction = open.get(orderId);
        if (auction == null || !auction.acceptsBidsAt(now)) {
            return List.of();
        }
        List<Bid> placed = new ArrayList<>();
        int room = maxBids - auction.bids().size();
        // Ask for the best candidates, more each round, until the room is filled or the market has
        // no more: some of the best may have bid already or not allow auto-bids.
        for (int asked = Math.max(room, 1) * 2 + auction.bids().size(); room > placed.size(); asked *= 2) {
            List<Choice> candidates = market.candidates(auction.order(), now, asked);
            for (Choice choice : candidates) {
                if (placed.size() >= room) {
                    break;
                }
                if (choice.node().offer().autoBid()
                        && place(orderId, choice.offerId(), choice.node().price(), now, true) instanceof BidResult.Placed p) {
                    placed.add(p.bid());
                }
            }
            if (candidates.size() < asked) {
                break;
            }
        }
        return placed;
    }

    /** Decides the auction: the order is placed on the picked bid's node at the bid's price. */
    public MatchResult award(long orderId, Pick pick, long now) {
        Auction auction = open.get(orderId);
        if (auction == null) {
            return refused(Code.UNKNOWN_ORDER, "no open auction for order " + orderId);
        }
        MatchResult result = switch (pick) {
            case Pick.Tenant tenant -> auction.bids().stream()
                    .filter(b -> b.offerId() == tenant.offerId())
                    .findFirst()
                    .map(b -> market.placeOn(auction.order(), b.offerId(), b.pricePerGpuHour(), now))
                    .orElseGet(() -> refused(Code.BID_UNAVAILABLE, "no bid from offer " + tenant.offerId()));
            case Pick.Auto auto -> auction.acceptsBidsAt(now)
                    ? refused(Code.AUCTION_OPEN, "the auto rule decides only after the window closes at " + auction.closesAt())
                    : autoPick(auction, now);
        };
        if (result instanceof MatchResult.Matched) {
            open.remove(orderId);
        }
        return result;
    }

    /** Drops an auction without placing it. */
    public Outcome close(long orderId) {
        return open.remove(orderId) == null ? Outcome.refused(Code.UNKNOWN_ORDER, "no open auction for order " + orderId) : Outcome.DONE;
    }

    private MatchResult autoPick(Auction auction, long now) {
        record Scored(Bid bid, Choice choice) {}
        Optional<Scored> best = auction.bids().stream()
                .flatMap(b -> market.quote(auction.order(), b.offerId(), b.pricePerGpuHour(), now).map(c -> new Scored(b, c)).stream())
                .min(Comparator.comparingLong((Scored s) -> s.choice().score()).thenComparingLong(s -> s.bid().offerId()));
        if (best.isEmpty()) {
            return refused(Code.NO_BIDS, "no bid of order " + auction.order().id() + " can still be placed");
        }
        Bid bid = best.get().bid();
        return market.placeOn(auction.order(), bid.offerId(), bid.pricePerGpuHour(), now);
    }

    private BidResult place(long orderId, long offerId, long price, long now, boolean auto) {
        BidResult result = checked(orderId, offerId, price, now, auto);
        if (result instanceof BidResult.Placed placed) {
            Auction auction = open.get(orderId);
            List<Bid> bids = new ArrayList<>(auto ? auction.bids() : keptBesideOwn(auction, offerId));
            bids.add(placed.bid());
            open.put(orderId, new Auction(auction.order(), auction.openedAt(), auction.closesAt(), bids));
        }
        return result;
    }

    /** The bid that would be placed, or why not, with nothing changed. */
    private BidResult checked(long orderId, long offerId, long price, long now, boolean auto) {
        Auction auction = open.get(orderId);
        if (auction == null) {
            return refusedBid(Code.UNKNOWN_ORDER, "no open auction for order " + orderId);
        }
        if (!auction.acceptsBidsAt(now)) {
            return refusedBid(Code.AUCTION_CLOSED, "bids for order " + orderId + " closed at " + auction.closesAt());
        }
        if (price <= 0) {
            return refusedBid(Code.BID_NOT_ELIGIBLE, "a bid's price is positive");
        }
        if (auto && (auction.bids().size() >= maxBids || auction.bids().stream().anyMatch(b -> b.offerId() == offerId))) {
            return refusedBid(Code.BID_NOT_ELIGIBLE, "the auction is full or offer " + offerId + " has bid already");
        }
        if (!auto && keptBesideOwn(auction, offerId).size() >= maxBids) {
            return refusedBid(Code.BID_NOT_ELIGIBLE, "the auction is full of providers' own bids");
        }
        Optional<Choice> quote = market.quote(auction.order(), offerId, price, now);
        if (quote.isEmpty()) {
            return refusedBid(Code.BID_NOT_ELIGIBLE, "offer " + offerId + " does not meet order " + orderId + " at " + price);
        }
        return new BidResult.Placed(new Bid(orderId, offerId, quote.get().node().offer().provider(), price, now, auto));
    }

    /** The bids an own bid of {@code offerId} leaves standing: not its offer's earlier one, nor, when full, the dearest auto-bid. */
    private List<Bid> keptBesideOwn(Auction auction, long offerId) {
        List<Bid> others = new ArrayList<>(auction.bids().stream().filter(b -> b.offerId() != offerId).toList());
        if (others.size() >= maxBids) {
            others.stream().filter(Bid::auto)
                    .max(Comparator.comparingLong(Bid::pricePerGpuHour).thenComparingLong(Bid::offerId))
                    .ifPresent(others::remove);
        }
        return others;
    }

    private static MatchResult refused(Code code, String message) {
        return new MatchResult.Refused(Refusal.of(code, message));
    }

    private static BidResult refusedBid(Code code, String message) {
        return new BidResult.Refused(Refusal.of(code, message));
    }
}
