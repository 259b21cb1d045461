package dev.gridmint.market.auction;

import static dev.gridmint.market.Books.h100;
import static dev.gridmint.market.Books.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.market.Books;
import dev.gridmint.market.matching.Market;
import dev.gridmint.market.matching.MarketConfig;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.market.matching.Outcome;
import dev.gridmint.market.matching.Refusal.Code;
import dev.gridmint.market.offer.Availability;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuctionHouseTest {

    private Market market;
    private AuctionHouse auctions;
    private final Order order = order(1, 2, 1, 3_000_000, Tier.RESERVED, 3_600);

    /** Three bidders' nodes: 8 GPUs each in the same region, policy prices 2.0, 2.2 and 2.5 CC. */
    @BeforeEach
    void threeProviders() {
        market = new Market(MarketConfig.DEFAULT);
        market.list(h100(10, 1, 8, "eu-west", 2_000_000));
        market.list(h100(20, 2, 8, "eu-west", 2_200_000));
        market.list(h100(30, 3, 8, "eu-west", 2_500_000));
        auctions = new AuctionHouse(market, 10);
        assertThat(auctions.open(order, 100, 400)).isEqualTo(Outcome.DONE);
    }

    @Test
    void theTenantMayPickAnyBidEvenADearerOne() {
        assertThat(auctions.bid(1, 10, 2_400_000, 110)).isInstanceOf(BidResult.Placed.class);
        assertThat(auctions.bid(1, 20, 2_300_000, 120)).isInstanceOf(BidResult.Placed.class);
        assertThat(auctions.bid(1, 30, 2_100_000, 130)).isInstanceOf(BidResult.Placed.class);

        var result = auctions.award(1, new Pick.Tenant(20), 200);

        var lease = ((MatchResult.Matched) result).lease();
        assertThat(lease.grants()).singleElement().satisfies(g -> {
            assertThat(g.offerId()).isEqualTo(20);
            assertThat(g.pricePerGpuHour()).as("the bid's price, not the policy's").isEqualTo(2_300_000);
            assertThat(g.gpus()).isEqualTo(2);
        });
        assertThat(auctions.auction(1)).isEmpty();
    }

    @Test
    void theAutoRuleTakesTheBestScoreAtTheBidPriceOnceTheWindowHasClosed() {
        auctions.bid(1, 10, 2_400_000, 110);
        auctions.bid(1, 20, 2_300_000, 120);
        auctions.bid(1, 30, 2_100_000, 130);

        var early = auctions.award(1, new Pick.Auto(), 399);
        assertThat(((MatchResult.Refused) early).refusal().code()).isEqualTo(Code.AUCTION_OPEN);
        var lease = ((MatchResult.Matched) auctions.award(1, new Pick.Auto(), 400)).lease();

        assertThat(lease.grants().getFirst().offerId()).as("the cheapest bid; all else is equal").isEqualTo(30);
        assertThat(lease.grants().getFirst().pricePerGpuHour()).isEqualTo(2_100_000);
    }

    @Test
    void theAutoRuleWeighsReputationAndSkipsBidsWhoseNodeFilledUp() {
        market.setReputation(dev.gridmint.market.MarketGen.address(3), 0); // offer 30 now scores 1.2 × its price
        auctions.bid(1, 10, 2_400_000, 110);
        auctions.bid(1, 20, 2_300_000, 120);
        auctions.bid(1, 30, 2_100_000, 130);
        // Offer 20 fills up before the award: the bid stands but its node can no longer take the order.
        assertThat(market.placeOn(order(2, 8, 1, 2_200_000, Tier.RESERVED, 3_600), 20, 2_200_000, 150))
                .isInstanceOf(MatchResult.Matched.class);

        var lease = ((MatchResult.Matched) auctions.award(1, new Pick.Auto(), 500)).lease();

        // 10: 2.4 × 1.2 (neutral reputation) = 2.88 beats 30: 2.1 × 1.4 (reputation 0) = 2.94.
        assertThat(lease.grants().getFirst().offerId()).isEqualTo(10);
    }

    @Test
    void aReinstatedLeaseKeepsItsStartAndIsNotRecordedInThePriceIndexAgain() {
        var reinstated = ((MatchResult.Matched) market.reinstate(order(2, 8, 1, 2_200_000, Tier.RESERVED, 3_600), 20, 2_200_000, 40, 150))
                .lease();
        assertThat(reinstated.start()).isEqualTo(40);
        assertThat(reinstated.end()).as("it ends when it would have").isEqualTo(40 + 3_600);
        assertThat(market.priceIndex().snapshot(150)).as("its match is in the index already, rebuilt from the same history").isEmpty();

        var placed = ((MatchResult.Matched) market.placeOn(order(3, 2, 1, 2_200_000, Tier.RESERVED, 3_600), 10, 2_200_000, 160)).lease();
        assertThat(placed.start()).isEqualTo(160);
        assertThat(market.priceIndex().snapshot(160)).hasSize(1);
        assertThatThrownBy(() -> market.reinstate(order(4, 1, 1, 2_200_000, Tier.RESERVED, 60), 30, 2_200_000, 170, 160))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bidsAboveTheMaximumAfterTheWindowOrFromAnUnfitOfferAreRefused() {
        assertThat(auctions.bid(1, 10, 3_000_001, 110)).isInstanceOf(BidResult.Refused.class);
        assertThat(auctions.bid(1, 10, 0, 110)).isInstanceOf(BidResult.Refused.class);
        assertThat(auctions.bid(1, 10, 2_000_000, 110)).isInstanceOf(BidResult.Placed.class);
        assertThat(auctions.bid(1, 20, 2_000_000, 400)).isInstanceOf(BidResult.Refused.class);
        assertThat(auctions.bid(1, 99, 2_000_000, 120)).isInstanceOf(BidResult.Refused.class);
        assertThat(auctions.auction(1).orElseThrow().bids()).hasSize(1);
    }

    @Test
    void anOwnBidReplacesItsOfferEarlierBidAndAnAutoBidNeverReplacesOne() {
        auctions.autoBid(1, 100);
        assertThat(auctions.auction(1).orElseThrow().bids()).extracting(Bid::offerId).contains(10L);

        assertThat(auctions.check(1, 10, 1_500_000, 110)).isInstanceOf(BidResult.Placed.class);
        assertThat(auctions.auction(1).orElseThrow().bids()).filteredOn(b -> b.offerId() == 10).allMatch(Bid::auto);
        auctions.bid(1, 10, 1_500_000, 110);
        auctions.bid(1, 10, 1_400_000, 111);
        auctions.autoBid(1, 112);

        var fromTen = auctions.auction(1).orElseThrow().bids().stream().filter(b -> b.offerId() == 10).toList();
        assertThat(fromTen).singleElement().satisfies(bid -> {
            assertThat(bid.auto()).isFalse();
            assertThat(bid.pricePerGpuHour()).isEqualTo(1_400_000);
        });
    }

    @Test
    void anOwnBidInAFullAuctionTakesThePlaceOfTheDearestAutoBid() {
        var capped = new AuctionHouse(market, 2);
        capped.open(order(7, 1, 1, 3_000_000, Tier.RESERVED, 600), 100, 200);
        capped.autoBid(7, 100);   // 10 at 2.0 and 20 at 2.2

        assertThat(capped.bid(7, 30, 2_100_000, 101)).isInstanceOf(BidResult.Placed.class);

        assertThat(capped.auction(7).orElseThrow().bids()).extracting(Bid::offerId).containsExactly(10L, 30L);
        assertThat(capped.bid(7, 20, 2_000_000, 102)).isInstanceOf(BidResult.Placed.class);
        assertThat(capped.auction(7).orElseThrow().bids()).extracting(Bid::offerId).containsExactly(30L, 20L);
        var full = (BidResult.Refused) capped.check(7, 10, 1_900_000, 103);
        assertThat(full.refusal().code()).as("full of own bids").isEqualTo(Code.BID_NOT_ELIGIBLE);
        assertThat(capped.bid(7, 30, 1_800_000, 104)).as("its own bid again").isInstanceOf(BidResult.Placed.class);
    }

    @Test
    void autoBidsComeFromThePolicyOfOffersThatAllowThemBestFirstUpToTheCap() {
        market.list(Books.offer(40, 4, Books.H100, 8, "eu-west", 1_500_000, 500, Availability.ALWAYS, false));
        var capped = new AuctionHouse(market, 2);
        Order other = order(7, 1, 1, 3_000_000, Tier.RESERVED, 600);
        capped.open(other, 100, 200);

        var bids = capped.autoBid(7, 100);

        // 40 is cheapest but its owner does not auto-bid; the cap of 2 keeps 30 out.
        assertThat(bids).extracting(Bid::offerId).containsExactly(10L, 20L);
        assertThat(bids).extracting(Bid::pricePerGpuHour).containsExactly(2_000_000L, 2_200_000L);
        assertThat(bids).allMatch(Bid::auto);
    }

    @Test
    void gangOrdersAreNotAuctioned() {
        var refused = (Outcome.Refused) auctions.open(order(5, 8, 2, 3_000_000, Tier.RESERVED, 600), 100, 200);
        assertThat(refused.refusal().code()).isEqualTo(Code.NOT_AUCTIONABLE);
    }
}
