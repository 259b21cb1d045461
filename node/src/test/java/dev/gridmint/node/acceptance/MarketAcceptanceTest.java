package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.MarketViews.OfferView;
import dev.gridmint.node.api.MarketViews.OrderView;
import dev.gridmint.node.api.MarketViews.PriceView;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's order book seen through {@code /v1/market}, with real provider agents. */
class MarketAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void theOrderBookShowsOffersOpenOrdersAndTheMatchedPrice() {
        try (var network = TestNetwork.start(dir)) {
            var p1 = network.provider("p1").start(CC + 250_000, "eu-west");
            Tenant alice = network.tenant("alice");

            // Nothing is matched yet; the offer is listed, the CPU machine traded as one CPU device.
            assertThat(network.client().marketPrices(null, 10)).isEmpty();
            OfferView offer = network.client().marketOffers(0, 100).getFirst();
            assertThat(offer.provider()).isEqualTo(p1.address().toString());
            assertThat(offer).extracting(OfferView::model, OfferView::devices, OfferView::freeDevices, OfferView::pricePerDeviceHour,
                    OfferView::region, OfferView::online, OfferView::active, OfferView::listed)
                    .containsExactly("CPU", 1, 1, CC + 250_000, "eu-west", true, true, true);

            // A job capped below every price stays an open order.
            JobSpec tooCheap = new JobSpec("train-names", Tenant.training(20).args(), 1, 60, CC);
            JobHandle waiting = alice.submits(tooCheap);
            List<OrderView> orders = awaitOrders(network, 1);
            assertThat(orders).singleElement().satisfies(order -> {
                assertThat(order.jobId()).isEqualTo(waiting.id().hex());
                assertThat(order.status()).isEqualTo("OPEN");
                assertThat(order.maxPricePerDeviceHour()).isEqualTo(CC);
                assertThat(order.provider()).isNull();
            });
            alice.cancels(waiting);

            // A job that runs: the index records the price it was matched at.
            JobHandle job = alice.submitsTraining(30);
            job.awaitStatus("SETTLED");
            assertThat(job.view().lease().pricePerDeviceHour()).isEqualTo(CC + 250_000);
            List<PriceView> prices = network.client().marketPrices(null, 10);
            assertThat(prices).singleElement().satisfies(price -> {
                assertThat(price.model()).isEqualTo("CPU");
                assertThat(price.median()).isEqualTo(CC + 250_000);
            });
            assertThat(network.client().marketPrices("H100-80GB", 10)).isEmpty();

            // Settled: the device is free again and no order is left.
            assertThat(network.client().marketOffers(0, 100).getFirst().freeDevices()).isEqualTo(1);
            assertThat(awaitOrders(network, 0)).isEmpty();
        }
    }

    @Test
    void aJobThatAsksForARegionGoesThereNotToTheCheaperProviderElsewhere() {
        try (var network = TestNetwork.start(dir)) {
            var cheap = network.provider("p-cheap").start(CC, "us-east");
            var eu = network.provider("p-eu").start(2 * CC, "eu-west");
            Tenant alice = network.tenant("alice");

            var inEu = new JobRequirements(List.of(), 0, List.of("eu-west"), List.of(), false);
            JobHandle euJob = alice.submits(Tenant.training(30).withRequirements(inEu));
            euJob.awaitLeasedTo(eu, TestNetwork.DEFAULT_WAIT);
            // Anywhere, the cheaper one wins, as before.
            JobHandle anywhere = alice.submitsTraining(30);
            anywhere.awaitLeasedTo(cheap, TestNetwork.DEFAULT_WAIT);

            JobView settled = euJob.awaitStatus("SETTLED");
            assertThat(settled.lease().provider()).isEqualTo(eu.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(2 * CC);
            assertThat(network.state().job(euJob.id()).orElseThrow().spec().requirements()).isEqualTo(inEu);
            anywhere.awaitStatus("SETTLED");
            assertThat(network.transactions(AssignLease.class)).containsExactly(
                    new AssignLease(euJob.id(), eu.address()), new AssignLease(anywhere.id(), cheap.address()));
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    /** The book is updated on the scheduler's thread, just after the ledger: wait for it to show {@code count} orders. */
    private static List<OrderView> awaitOrders(TestNetwork network, int count) {
        return dev.gridmint.node.acceptance.dsl.Eventually.await("the book to hold " + count + " orders", TestNetwork.DEFAULT_WAIT,
                () -> network.client().marketOrders(0, 100), orders -> orders.size() == count);
    }
}
