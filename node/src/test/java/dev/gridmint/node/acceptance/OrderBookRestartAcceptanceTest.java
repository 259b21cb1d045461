package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.MarketViews.AuctionView;
import dev.gridmint.node.api.MarketViews.BidView;
import dev.gridmint.node.api.MarketViews.OrderView;
import dev.gridmint.node.api.MarketViews.PriceView;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order book is in memory; the ledger is on disk. After a real coordinator restart on the same
 * store, what tenants and providers see of the market (open orders, an auction with its window and
 * its bids, the price index with its history) is what they saw before it.
 */
class OrderBookRestartAcceptanceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void openOrdersAnAuctionWithItsBidsAndThePriceHistoryAreTheSameAfterARestart() {
        // Snapshots every 4 entries: the restart loads a snapshot, so the history behind it must be walked, not just the tail.
        try (var network = TestNetwork.builder().snapshotEvery(4).start(dir)) {
            var p1 = network.provider("p1").start(CC);
            var p2 = network.provider("p2").start(CC + 200_000);
            var p3 = network.provider("p3").start(CC + 400_000);

            // Price history: a job is matched and settles, the index's hour closes, and another is matched in the next hour.
            network.tenant("alice").submitsTraining(30).awaitStatus("SETTLED", WAIT);
            network.freezeTime();
            network.advanceTime(Duration.ofHours(1));
            network.resumeTime();
            network.tenant("alice").submitsTraining(30).awaitStatus("SETTLED", WAIT);

            // An open order no provider can take (more VRAM than any node has), and an auction with three bids.
            JobHandle open = network.tenant("bob").submits(Tenant.training(30)
                    .withRequirements(new JobRequirements(List.of(), 4_000, List.of(), List.of(), false, 0)));
            JobHandle auctioned = network.tenant("alice").submits(Tenant.training(30)
                    .withRequirements(new JobRequirements(List.of(), 0, List.of(), List.of(), false, 3_600)));
            awaitBid(network, auctioned, p1, true);
            p2.bids(auctioned.id(), 900_000);
            p3.bids(auctioned.id(), 950_000);
            awaitBid(network, auctioned, p2, false);
            awaitBid(network, auctioned, p3, false);
            // The clock stands still across the restart: the views are compared at the same ledger second.
            network.freezeTime();
            List<OrderView> ordersBefore = network.client().marketOrders(0, 1_000);
            AuctionView auctionBefore = network.client().marketAuction(auctioned.id());
            List<PriceView> pricesBefore = network.client().marketPrices(null, 1_000);
            assertThat(ordersBefore).extracting(OrderView::jobId, OrderView::status).containsExactly(
                    org.assertj.core.api.Assertions.tuple(open.id().hex(), "OPEN"),
                    org.assertj.core.api.Assertions.tuple(auctioned.id().hex(), "AUCTION"));
            assertThat(pricesBefore).singleElement().satisfies(price -> {
                assertThat(price.median()).isEqualTo(CC);
                assertThat(price.history()).singleElement().satisfies(point -> assertThat(point.matches()).isEqualTo(1));
            });

            network.restartCoordinator();
            List.of(p1, p2, p3).forEach(provider -> provider.awaitOnline(WAIT));

            // The auto-bid is the provider's policy, placed again once it is back online; the rest is as it was.
            awaitBid(network, auctioned, p1, true);
            assertThat(network.client().marketOrders(0, 1_000)).isEqualTo(ordersBefore);
            assertThat(network.client().marketPrices(null, 1_000)).isEqualTo(pricesBefore);
            AuctionView auctionAfter = network.client().marketAuction(auctioned.id());
            assertThat(auctionAfter.openedAt()).isEqualTo(auctionBefore.openedAt());
            assertThat(auctionAfter.closesAt()).isEqualTo(auctionBefore.closesAt());
            assertThat(auctionAfter.bids()).filteredOn(bid -> !bid.auto())
                    .containsExactlyInAnyOrderElementsOf(auctionBefore.bids().stream().filter(bid -> !bid.auto()).toList());
            assertThat(auctionAfter.bids()).extracting(BidView::provider, BidView::pricePerDeviceHour, BidView::auto)
                    .containsExactlyInAnyOrderElementsOf(auctionBefore.bids().stream()
                            .map(bid -> org.assertj.core.api.Assertions.tuple(bid.provider(), bid.pricePerDeviceHour(), bid.auto()))
                            .toList());
        }
    }

    /** Waits until the job's auction holds a bid of the provider's, auto or its own. */
    private static BidView awaitBid(TestNetwork network, JobHandle job, ProviderNode provider, boolean auto) {
        return Eventually.await("a bid of " + provider, WAIT, () -> {
            try {
                return network.client().marketAuction(job.id()).bids().stream()
                        .filter(bid -> bid.provider().equals(provider.address().toString()) && bid.auto() == auto)
                        .findFirst();
            } catch (CoordinatorException notYet) {
                return Optional.<BidView>empty(); // no auction until a placement pass after the (re)start opens it
            }
        }, Optional::isPresent).orElseThrow();
    }
}
