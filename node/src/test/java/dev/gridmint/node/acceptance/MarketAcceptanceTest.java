package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.protocol.AgentMessage;
import java.time.Duration;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.AwardBid;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.node.acceptance.dsl.Eventually;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import dev.gridmint.node.api.MarketViews.AuctionView;
import dev.gridmint.node.api.MarketViews.BidView;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
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

    /**
     * Three staked checkers judge two providers with real verdicts; the epoch close moves their ledger
     * reputations apart. A job with a reputation minimum goes to the trusted provider though the other is
     * cheaper, and the book, {@code /v1/market/offers} and {@code /v1/providers} all show the ledger's figure.
     */
    @Test
    void aJobWithAMinimumReputationGoesToTheProviderTheVerdictsTrust() {
        var builder = TestNetwork.builder().epochSeconds(5);
        CHECKERS.forEach(name -> builder.fund(name, 20_000 * TestNetwork.GRID));
        try (var network = builder.start(dir)) {
            var cheap = network.provider("p-cheap").start(CC);
            var trusted = network.provider("p-trusted").start(2 * CC);
            for (String checker : CHECKERS) {
                network.submit(checker, new RegisterChecker());
                network.submit(checker, new Delegate(TestNetwork.address(checker), 10_000 * TestNetwork.GRID));
            }
            judgeInOneRound(network, Map.of(trusted.address(), 1_000, cheap.address(), 300));
            Eventually.await("an epoch close to move the reputations", TestNetwork.DEFAULT_WAIT,
                    () -> network.state().reputation(trusted.address()).orElseThrow() > 500
                            && network.state().reputation(cheap.address()).orElseThrow() < 500);
            int trustedReputation = network.state().reputation(trusted.address()).orElseThrow();
            int cheapReputation = network.state().reputation(cheap.address()).orElseThrow();
            int minimum = (trustedReputation + cheapReputation) / 2;

            var picky = JobRequirements.NONE.withMinimums(0, minimum);
            JobHandle job = network.tenant("alice").submits(Tenant.training(30).withRequirements(picky));
            job.awaitLeasedTo(trusted, TestNetwork.DEFAULT_WAIT);
            assertThat(job.awaitStatus("SETTLED").lease().provider()).isEqualTo(trusted.address().toString());

            // The ledger's figures, everywhere (only an epoch close moves them, and no verdicts came since the first).
            assertThat(network.client().marketOffers(0, 100)).extracting(OfferView::provider, OfferView::reputation)
                    .containsExactlyInAnyOrder(tuple(cheap.address().toString(), cheapReputation),
                            tuple(trusted.address().toString(), trustedReputation));
            assertThat(network.providerView(trusted.address()).reputation()).isEqualTo(trustedReputation);
            assertThat(network.providerView(cheap.address()).reputation()).isEqualTo(cheapReputation);
            assertThat(network.state().job(job.id()).orElseThrow().spec().requirements()).isEqualTo(picky);
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    private static final List<String> CHECKERS = List.of("checker-1", "checker-2", "checker-3");

    /** Every checker's verdict on every provider, all in one round: an epoch that closes halfway starts them again. */
    private static void judgeInOneRound(TestNetwork network, Map<Address, Integer> scores) {
        var evidence = Hash.sha256("challenge transcript".getBytes(StandardCharsets.UTF_8));
        for (int attempt = 0; attempt < 5; attempt++) {
            long round = network.state().clock().epoch();
            try {
                for (String checker : CHECKERS) {
                    scores.forEach((provider, score) ->
                            network.submit(checker, new SubmitVerdict(provider, round, VerdictKind.CHALLENGE, score, evidence)));
                }
                return;
            } catch (CoordinatorException refused) {
                if (!"WRONG_ROUND".equals(refused.code())) {
                    throw refused;
                }
            }
        }
        throw new AssertionError("no epoch was long enough for the checkers' verdicts");
    }

    @Test
    void aTenantPicksOneOfThreeProvidersBidsInAnAuction() {
        try (var network = TestNetwork.start(dir)) {
            var p1 = network.provider("p1").start(CC);
            var p2 = network.provider("p2").start(CC + 500_000);
            var p3 = network.provider("p3").start(2 * CC);
            Tenant alice = network.tenant("alice");

            // A window long enough that only the tenant's pick decides it.
            var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 600);
            JobHandle job = alice.submits(Tenant.training(30).withRequirements(auction));

            // Each provider bids from its price policy.
            AuctionView bids = dev.gridmint.node.acceptance.dsl.Eventually.await("three bids", TestNetwork.DEFAULT_WAIT,
                    () -> network.client().marketAuction(job.id()), view -> view.bids().size() == 3);
            assertThat(bids.bids()).extracting(BidView::provider, BidView::pricePerDeviceHour, BidView::auto)
                    .containsExactlyInAnyOrder(
                            tuple(p1.address().toString(), CC, true),
                            tuple(p2.address().toString(), CC + 500_000, true),
                            tuple(p3.address().toString(), 2 * CC, true));
            assertThat(bids.closesAt() - bids.openedAt()).isEqualTo(600);
            assertThat(job.status()).isEqualTo("QUEUED");
            assertThat(network.client().marketOrders(0, 100)).singleElement()
                    .satisfies(order -> assertThat(order.status()).isEqualTo("AUCTION"));

            // An accept for a provider that did not bid never reaches the ledger.
            long height = network.ledger().height();
            assertThatThrownBy(() -> alice.signs(new AcceptBid(job.id(), TestNetwork.address("nobody"))))
                    .isInstanceOfSatisfying(CoordinatorException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(404);
                        assertThat(refused.code()).isEqualTo("UNKNOWN_BID");
                    });
            assertThat(network.ledger().height()).isEqualTo(height);

            // The tenant takes the middle bid, not the cheapest: the job is leased there, at that bid's price.
            alice.signs(new AcceptBid(job.id(), p2.address()));
            JobView settled = job.awaitStatus("SETTLED");
            assertThat(settled.lease().provider()).isEqualTo(p2.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(CC + 500_000);
            assertThat(network.transactions(AwardBid.class)).containsExactly(new AwardBid(job.id(), p2.address(), CC + 500_000));
            assertThat(network.client().marketPrices("CPU", 10)).singleElement()
                    .satisfies(price -> assertThat(price.median()).isEqualTo(CC + 500_000));
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    @Test
    void whenTheWindowClosesWithoutAPickTheBestBidWins() {
        try (var network = TestNetwork.start(dir)) {
            var dear = network.provider("p-dear").start(2 * CC);
            var cheap = network.provider("p-cheap").start(CC);
            var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 2);
            JobHandle job = network.tenant("alice").submits(Tenant.training(30).withRequirements(auction));

            JobView settled = job.awaitStatus("SETTLED");
            assertThat(settled.lease().provider()).isEqualTo(cheap.address().toString());
            assertThat(network.transactions(AcceptBid.class)).isEmpty();
            assertThat(network.transactions(AwardBid.class)).containsExactly(new AwardBid(job.id(), cheap.address(), CC));
            assertThat(dear.view().online()).isTrue();
        }
    }

    /**
     * Three providers auto-bid their policy price; one of them bids by hand, under the others,
     * which replaces its auto-bid. When the window closes the auto rule takes that bid, and the
     * ledger leases and bills the job at the bid's price, not the offer's. Refused bids never reach
     * the log.
     */
    @Test
    void aProvidersOwnBidUnderTheOthersWinsTheAuctionAtItsPrice() {
        try (var network = TestNetwork.start(dir)) {
            var p1 = network.provider("p1").start(CC + 500_000);
            var p2 = network.provider("p2").start(CC + 250_000);
            var p3 = network.provider("p3").start(2 * CC);
            network.freezeTime();
            Tenant alice = network.tenant("alice");
            var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 60);
            JobHandle job = alice.submits(Tenant.training(30).withRequirements(auction));
            awaitBids(network, job, 3);

            p3.bids(job.id(), 800_000);

            AuctionView bids = awaitBids(network, job, 3);
            assertThat(bids.bids()).extracting(BidView::provider, BidView::pricePerDeviceHour, BidView::auto)
                    .containsExactlyInAnyOrder(
                            tuple(p1.address().toString(), CC + 500_000, true),
                            tuple(p2.address().toString(), CC + 250_000, true),
                            tuple(p3.address().toString(), 800_000L, false));

            // Matched instantly, and capped under every offer, so it stays queued.
            JobHandle plain = alice.submits(new JobSpec("train-names", Tenant.training(5).args(), 1, 60, CC / 2));
            long height = network.ledger().height();
            assertRefused(() -> p1.bids(Hash.sha256(new byte[] {1}), CC), 404, "UNKNOWN_JOB");
            assertRefused(() -> p1.bids(plain.id(), CC / 4), 409, "NOT_AN_AUCTION");
            assertRefused(() -> p1.bids(job.id(), Tenant.DEFAULT_MAX_PRICE + 1), 422, "PRICE_ABOVE_MAX");
            assertRefused(() -> alice.signs(new PlaceBid(job.id(), CC)), 403, "NOT_A_PROVIDER");
            assertThat(network.ledger().height()).isEqualTo(height);

            network.advanceTime(Duration.ofSeconds(60));
            JobView settled = job.awaitStatus("SETTLED");
            assertThat(settled.lease().provider()).isEqualTo(p3.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(800_000);
            assertThat(network.transactions(AwardBid.class)).containsExactly(new AwardBid(job.id(), p3.address(), 800_000));
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    private static AuctionView awaitBids(TestNetwork network, JobHandle job, int count) {
        return Eventually.await(count + " bids", TestNetwork.DEFAULT_WAIT, () -> network.client().marketAuction(job.id()),
                view -> view.bids().size() == count);
    }

    private static void assertRefused(Runnable submit, int status, String code) {
        assertThatThrownBy(submit::run).isInstanceOfSatisfying(CoordinatorException.class, refused -> {
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.code()).isEqualTo(code);
        });
    }

    /**
     * Spot reclaim with notice, with ledger time under the test's control and a hand-driven agent:
     * a reserved job finds the only node taken by a spot job, which is told it will be reclaimed,
     * runs through the notice, and is then released (billed to the end, not refunded) and queued
     * again, while the reserved job is leased on the node.
     */
    @Test
    void aReservedJobReclaimsASpotJobsNodeAfterTheNotice() {
        try (var network = TestNetwork.builder().reclaimNotice(Duration.ofSeconds(30)).start(dir)) {
            network.registerProvider("p-spot", new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", CC));
            network.freezeTime();
            Tenant alice = network.tenant("alice");
            try (AgentSocket agent = network.agentSocket()) {
                agent.login(TestNetwork.key("p-spot"));
                var spot = new JobRequirements(List.of(), 0, List.of(), List.of(), true);
                JobHandle spotJob = alice.submits(Tenant.training(200).withRequirements(spot));
                assertThat(agent.next(AgentMessage.Assign.class).jobId()).isEqualTo(spotJob.id().hex());

                JobHandle reserved = alice.submitsTraining(200);
                AgentMessage.Reclaim notice = agent.next(AgentMessage.Reclaim.class);
                long noticeAt = network.state().now();
                assertThat(notice.jobId()).isEqualTo(spotJob.id().hex());
                assertThat(notice.deadline()).isEqualTo(noticeAt + 30);
                assertThat(reserved.status()).isEqualTo("QUEUED");
                assertThat(network.client().marketOrders(0, 100)).extracting(OrderView::jobId, OrderView::status, OrderView::tier)
                        .containsExactlyInAnyOrder(tuple(reserved.id().hex(), "RECLAIMING", "RESERVED"),
                                tuple(spotJob.id().hex(), "MATCHED", "SPOT"));

                // Through the notice the spot job keeps its lease.
                network.advanceTime(Duration.ofSeconds(29));
                // A read of the book runs on the scheduler's thread after the tick's pass, so the pass is done here.
                assertThat(network.client().marketOrders(0, 100)).extracting(OrderView::status).contains("MATCHED");
                assertThat(spotJob.view().status()).isEqualTo("LEASED");
                assertThat(network.transactions(ReleaseLease.class)).isEmpty();
                network.advanceTime(Duration.ofSeconds(1));

                assertThat(agent.next(AgentMessage.Abort.class).jobId()).isEqualTo(spotJob.id().hex());
                assertThat(agent.next(AgentMessage.Assign.class).jobId()).isEqualTo(reserved.id().hex());
                assertThat(network.transactions(ReleaseLease.class)).singleElement().satisfies(release -> {
                    assertThat(release.jobId()).isEqualTo(spotJob.id());
                    assertThat(release.reason()).contains("reclaimed");
                    assertThat(release.downSince()).isZero();
                });
                assertThat(network.transactions(AssignLease.class)).containsExactly(
                        new AssignLease(spotJob.id(), network.provider("p-spot").address()),
                        new AssignLease(reserved.id(), network.provider("p-spot").address()));
                // The spot job was served the whole notice, is queued again, and may come back to the same node.
                JobView requeued = spotJob.awaitStatus("QUEUED");
                assertThat(requeued.charged()).isEqualTo(Pricing.leaseCharge(CC, 1, 30 + (noticeAt - spotJob.leaseStartedAt(1))));
                assertThat(reserved.view().lease().pricePerDeviceHour()).isEqualTo(CC);
                assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
            }
        }
    }

    /** The book is updated on the scheduler's thread, just after the ledger: wait for it to show {@code count} orders. */
    private static List<OrderView> awaitOrders(TestNetwork network, int count) {
        return dev.gridmint.node.acceptance.dsl.Eventually.await("the book to hold " + count + " orders", TestNetwork.DEFAULT_WAIT,
                () -> network.client().marketOrders(0, 100), orders -> orders.size() == count);
    }
}
