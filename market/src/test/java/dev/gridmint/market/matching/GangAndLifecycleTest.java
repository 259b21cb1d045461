package dev.gridmint.market.matching;

import static dev.gridmint.market.Books.h100;
import static dev.gridmint.market.Books.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.market.Books;
import dev.gridmint.market.matching.MarketEvent.EndReason;
import dev.gridmint.market.matching.Refusal.Code;
import dev.gridmint.market.offer.Availability;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.NodeMinimums;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.RegionRule;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.order.Tier;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GangAndLifecycleTest {

    @Test
    void aGangStaysInOneRegionAndFillsFromTheAnchorsProviderFirst() {
        var market = new Market(MarketConfig.DEFAULT);
        // eu-west: provider 1 has the cheapest node and two more; provider 2 is a little cheaper than 1's others.
        market.list(h100(10, 1, 8, "eu-west", 1_000_000));
        market.list(h100(11, 1, 8, "eu-west", 1_300_000));
        market.list(h100(12, 1, 8, "eu-west", 1_300_000));
        market.list(h100(20, 2, 8, "eu-west", 1_200_000));
        // us-east: cheaper nodes, but only two of them.
        market.list(h100(30, 3, 8, "us-east", 900_000));
        market.list(h100(31, 3, 8, "us-east", 900_000));

        var lease = ((MatchResult.Matched) market.submit(order(1, 8, 3, 2_000_000, Tier.RESERVED, 600), 0)).lease();

        assertThat(lease.grants()).extracting(Grant::offerId).containsExactly(10L, 11L, 12L);
        assertThat(lease.grants()).allMatch(g -> g.region().equals("eu-west"));
    }

    @Test
    void aGangIsPlacedWholeOrNotAtAll() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(h100(10, 1, 8, "eu-west", 1_000_000));
        market.list(h100(11, 1, 8, "eu-west", 1_000_000));
        market.list(h100(20, 2, 4, "eu-west", 1_000_000));

        assertThat(market.submit(order(1, 8, 3, 2_000_000, Tier.RESERVED, 600), 0)).isEqualTo(new MatchResult.NoMatch(1));
        assertThat(market.capacity().nodes()).allMatch(n -> n.used() == 0);

        var spanning = new Order(2, Books.order(0, 1, 1, 1, Tier.RESERVED, 1).tenant(), GpuRequirement.AnyOf.of("H100-80GB"), 4, 3,
                NodeMinimums.NONE, RegionRule.ANYWHERE, 0, 2_000_000, new Term.Fixed(600), Tier.RESERVED, true);
        assertThat(((MatchResult.Matched) market.submit(spanning, 0)).lease().grants()).hasSize(3);
    }

    @Test
    void aGangMaySpanRegionsOnlyWhenTheOrderAllowsIt() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(h100(10, 1, 8, "eu-west", 1_000_000));
        market.list(h100(20, 2, 8, "us-east", 1_000_000));
        Order confined = order(1, 8, 2, 2_000_000, Tier.RESERVED, 600);
        Order spread = new Order(2, confined.tenant(), confined.gpu(), 8, 2, NodeMinimums.NONE, RegionRule.ANYWHERE, 0, 2_000_000,
                new Term.Fixed(600), Tier.RESERVED, true);

        assertThat(market.submit(confined, 0)).isEqualTo(new MatchResult.NoMatch(1));
        assertThat(((MatchResult.Matched) market.submit(spread, 0)).lease().grants()).extracting(Grant::region)
                .containsExactlyInAnyOrder("eu-west", "us-east");
    }

    @Test
    void scoringWeighsPriceReputationFitAndRegion() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(h100(10, 1, 8, "eu-west", 1_000_000)); // cheapest, but one GPU on 8 leaves 7 idle: fit factor 1.0875
        market.list(h100(11, 2, 1, "eu-west", 1_050_000)); // a tight fit
        market.list(h100(12, 3, 1, "us-east", 1_000_000)); // cheap and tight, but not the preferred region

        Order order = new Order(1, Books.order(0, 1, 1, 1, Tier.RESERVED, 1).tenant(), GpuRequirement.AnyOf.of("H100-80GB"), 1, 1,
                NodeMinimums.NONE, RegionRule.preferring("eu-west"), 0, 2_000_000, new Term.Fixed(600), Tier.RESERVED, false);

        assertThat(((MatchResult.Matched) market.submit(order, 0)).lease().grants().getFirst().offerId()).isEqualTo(11);
    }

    @Test
    void regionsDeniedAndMinimumReputationAreHardConstraints() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(h100(10, 1, 1, "eu-west", 1_000_000));
        market.list(Books.offer(11, 2, Books.H100, 1, "us-east", 1_000_000, 900, Availability.ALWAYS, true));
        market.list(Books.offer(12, 3, Books.H100, 1, "ap-south", 1_500_000, 900, Availability.ALWAYS, true));
        Order order = new Order(1, Books.order(0, 1, 1, 1, Tier.RESERVED, 1).tenant(), GpuRequirement.AnyOf.of("H100-80GB"), 1, 1,
                NodeMinimums.NONE, new RegionRule(Set.of(), Set.of("us-east"), Optional.empty()), 800, 2_000_000,
                new Term.Fixed(600), Tier.RESERVED, false);

        assertThat(((MatchResult.Matched) market.submit(order, 0)).lease().grants().getFirst().offerId()).isEqualTo(12);
    }

    @Test
    void leasesExpireExtendAndCancelGivingTheirGpusBack() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(Books.offer(10, 1, Books.H100, 8, "eu-west", 1_000_000, 500, new Availability(0, 5_000), true));
        market.submit(order(1, 4, 1, 2_000_000, Tier.RESERVED, 1_000), 0);
        market.submit(order(2, 4, 1, 2_000_000, Tier.RESERVED, 1_000), 0);

        assertThat(market.extend(1, 2_000, 10)).isEqualTo(Outcome.DONE);
        assertThat(((Outcome.Refused) market.extend(1, 6_000, 10)).refusal().code()).isEqualTo(Code.OUTSIDE_AVAILABILITY);
        assertThat(market.advance(1_000)).containsExactly(new MarketEvent.LeaseEnded(2, EndReason.EXPIRED, 1_000));
        assertThat(market.capacity().node(10).free()).isEqualTo(4);
        assertThat(market.cancel(1, 1_500)).isEqualTo(Outcome.DONE);
        assertThat(market.advance(2_000)).as("an extended then cancelled lease does not expire twice").isEmpty();
        assertThat(market.capacity().node(10).free()).isEqualTo(8);
        assertThat(market.withdraw(10)).isEqualTo(Outcome.DONE);
    }

    @Test
    void aReservedOrderNeedsTheWholeTermInsideTheWindowButSpotDoesNot() {
        var market = new Market(MarketConfig.DEFAULT);
        market.list(Books.offer(10, 1, Books.H100, 2, "eu-west", 1_000_000, 500, new Availability(0, 500), true));

        assertThat(market.submit(order(1, 1, 1, 2_000_000, Tier.RESERVED, 1_000), 0)).isEqualTo(new MatchResult.NoMatch(1));
        assertThat(market.submit(order(2, 1, 1, 2_000_000, Tier.SPOT, 1_000), 0)).isInstanceOf(MatchResult.Matched.class);
    }

    @Test
    void utilisationPricingRaisesTheNextGpusPrice() {
        var market = new Market(MarketConfig.DEFAULT);
        var policy = new dev.gridmint.market.offer.PricePolicy(java.util.Map.of("H100-80GB", 1_000_000L), 400);
        var base = h100(10, 1, 4, "eu-west", 1);
        market.list(new dev.gridmint.market.offer.Offer(10, base.provider(), base.hardware(), base.location(), policy,
                base.availability(), 500, true));

        long first = ((MatchResult.Matched) market.submit(order(1, 2, 1, 2_000_000, Tier.RESERVED, 100), 0)).lease().grants().getFirst()
                .pricePerGpuHour();
        long second = ((MatchResult.Matched) market.submit(order(2, 1, 1, 2_000_000, Tier.RESERVED, 100), 0)).lease().grants().getFirst()
                .pricePerGpuHour();

        assertThat(first).isEqualTo(1_000_000);
        assertThat(second).as("half the node used: floor × (1 + 0.4 × 2/4)").isEqualTo(1_200_000);
    }
}
