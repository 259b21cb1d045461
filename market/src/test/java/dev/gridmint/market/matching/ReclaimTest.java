package dev.gridmint.market.matching;

import static dev.gridmint.market.Books.h100;
import static dev.gridmint.market.Books.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.market.matching.MarketEvent.EndReason;
import dev.gridmint.market.order.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReclaimTest {

    private static final long NOTICE = 300;

    @Test
    void aReservedOrderReclaimsSpotCapacityAfterTheNoticePeriod() {
        var market = new Market(MarketConfig.DEFAULT.withReclaimNotice(NOTICE));
        market.list(h100(10, 1, 8, "eu-west", 2_000_000));
        assertThat(market.submit(order(1, 4, 1, 3_000_000, Tier.SPOT, 10_000), 0)).isInstanceOf(MatchResult.Matched.class);
        assertThat(market.submit(order(2, 2, 1, 3_000_000, Tier.SPOT, 10_000), 10)).isInstanceOf(MatchResult.Matched.class);
        assertThat(market.submit(order(3, 2, 1, 3_000_000, Tier.RESERVED, 10_000), 20)).isInstanceOf(MatchResult.Matched.class);

        var result = market.submit(order(4, 3, 1, 3_000_000, Tier.RESERVED, 3_600), 100);

        // The node is full; the newest spot lease (2, 2 GPUs) is not enough, so the older one (1, 4 GPUs) goes too.
        assertThat(result).isEqualTo(new MatchResult.Reclaiming(4, 10, List.of(2L, 1L), 100 + NOTICE));
        assertThat(market.lease(1).orElseThrow().status()).isEqualTo(new LeaseStatus.Reclaiming(100 + NOTICE, 4));
        assertThat(market.lease(3).orElseThrow().status()).as("reserved leases are never reclaimed").isEqualTo(LeaseStatus.ACTIVE);

        assertThat(market.advance(100 + NOTICE - 1)).as("the spot tenants keep their GPUs through the notice").isEmpty();
        assertThat(market.lease(4)).isEmpty();

        var events = market.advance(100 + NOTICE);

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new MarketEvent.LeaseEnded(1, EndReason.RECLAIMED, 100 + NOTICE));
        assertThat(events.get(1)).isInstanceOf(MarketEvent.LeaseStarted.class);
        assertThat(events.get(2)).isEqualTo(new MarketEvent.LeaseEnded(2, EndReason.RECLAIMED, 100 + NOTICE));
        Lease reserved = market.lease(4).orElseThrow();
        assertThat(reserved.start()).isEqualTo(100 + NOTICE);
        assertThat(reserved.end()).isEqualTo(100 + NOTICE + 3_600);
        assertThat(reserved.gpus()).isEqualTo(3);
        // 8 GPUs: 2 reserved (order 3), 3 for order 4, and the 3 left over are free again.
        assertThat(market.capacity().node(10).free()).isEqualTo(3);
    }

    @Test
    void capacityFreedDuringTheNoticeGoesToTheWaitingOrderNotToOthers() {
        var market = new Market(MarketConfig.DEFAULT.withReclaimNotice(NOTICE));
        market.list(h100(10, 1, 4, "eu-west", 2_000_000));
        market.submit(order(1, 4, 1, 3_000_000, Tier.SPOT, 10_000), 0);
        market.submit(order(2, 4, 1, 3_000_000, Tier.RESERVED, 3_600), 50);

        market.cancel(1, 60); // the spot tenant leaves early

        assertThat(market.lease(2)).as("the reserved order starts as soon as its GPUs are free").isPresent();
        assertThat(market.submit(order(3, 1, 1, 3_000_000, Tier.SPOT, 100), 61)).isInstanceOf(MatchResult.NoMatch.class);
    }

    @Test
    void spotOrdersDoNotReclaimAndReclaimCanBeTurnedOff() {
        var market = new Market(MarketConfig.DEFAULT.withReclaimNotice(-1));
        market.list(h100(10, 1, 1, "eu-west", 2_000_000));
        market.submit(order(1, 1, 1, 3_000_000, Tier.SPOT, 10_000), 0);

        assertThat(market.submit(order(2, 1, 1, 3_000_000, Tier.RESERVED, 100), 1)).isEqualTo(new MatchResult.NoMatch(2));

        var withReclaim = new Market(MarketConfig.DEFAULT);
        withReclaim.list(h100(10, 1, 1, "eu-west", 2_000_000));
        withReclaim.submit(order(1, 1, 1, 3_000_000, Tier.SPOT, 10_000), 0);
        assertThat(withReclaim.submit(order(2, 1, 1, 3_000_000, Tier.SPOT, 100), 1)).isEqualTo(new MatchResult.NoMatch(2));
    }
}
