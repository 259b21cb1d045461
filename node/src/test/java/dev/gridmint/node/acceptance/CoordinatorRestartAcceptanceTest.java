package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.api.MarketViews.BidView;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.Tick;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator restarts the coordinator: the ledger comes back as it was, and work goes on. */
class CoordinatorRestartAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedCoordinatorServesTheSameLedgerAndKeepsRunningJobs() {
        // Snapshots every 4 entries, so the restart loads a snapshot and replays the entries after it.
        try (var network = TestNetwork.builder().snapshotEvery(4).start(dir)) {
            var provider = network.provider("p1").start(1 * CC);
            JobHandle first = network.tenant("alice").submitsTraining(200);
            first.awaitStatus("SETTLED", Duration.ofSeconds(60));
            network.tenant("bob").transfers("alice", 5 * GRID);
            // The clock stands still across the restart, so the coordinator's ticks cannot move the ledger.
            network.freezeTime();
            LedgerView before = network.ledger();
            long providerEarned = provider.earned();

            network.restartCoordinator();

            LedgerView after = network.ledger();
            assertThat(after.height()).isEqualTo(before.height());
            assertThat(after.stateRoot()).isEqualTo(before.stateRoot());
            assertThat(after).isEqualTo(before);
            assertThat(provider.earned()).isEqualTo(providerEarned).isEqualTo(first.providerGrid(provider));
            assertThat(first.view().status()).isEqualTo("SETTLED");
            network.resumeTime();

            // The agent reconnects by itself, and a new job runs and settles as before.
            provider.awaitOnline(Duration.ofSeconds(30));
            JobHandle second = network.tenant("alice").submitsTraining(200);
            JobView settled = second.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(settled.lease().provider()).isEqualTo(provider.address().toString());
            assertThat(provider.earned()).isEqualTo(providerEarned + second.providerGrid(provider));
            network.freezeTime();
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    @Test
    void aJobRunningAcrossARestartStillCompletesAndIsPaidOnce() {
        try (var network = TestNetwork.start(dir)) {
            var provider = network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(800, 10);
            job.awaitProgressFrom(provider, Duration.ofSeconds(30));

            network.restartCoordinator();

            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(job.billings()).allSatisfy(billing -> assertThat(billing.attempt()).isEqualTo(1));
            assertThat(provider.earned()).isEqualTo(job.providerGrid(provider))
                    .isEqualTo(network.gridForSettlement(job.settlement().providerPaid()));
            assertThat(network.client().audit().problems()).isEmpty();
        }
    }

    @Test
    void aLeaseWhoseProviderNeverReturnsAfterARestartIsReleasedAfterTheTimeout() {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofSeconds(2)).start(dir)) {
            var gone = network.provider("p-gone").start(1 * CC);
            var other = network.provider("p-other").start(2 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(800, 10);
            job.awaitProgressFrom(gone, Duration.ofSeconds(30));

            gone.goesOffline();
            network.restartCoordinator();

            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(2);
            assertThat(settled.lease().provider()).isEqualTo(other.address().toString());
            // Each is paid for the time billed to its own lease, and nothing more.
            assertThat(gone.earned()).isEqualTo(job.providerGrid(gone));
            assertThat(other.earned()).isEqualTo(job.providerGrid(other)).isPositive();
            assertThat(job.billings()).filteredOn(billing -> billing.attempt() == 2)
                    .allSatisfy(billing -> assertThat(billing.provider()).isEqualTo(other.address()));
        }
    }

    @Test
    void aRestartWithNothingNewIsHarmless() {
        try (var network = TestNetwork.start(dir)) {
            network.freezeTime();
            LedgerView genesisOnly = network.ledger();
            network.restartCoordinator();
            network.restartCoordinator();
            assertThat(network.ledger()).isEqualTo(genesisOnly);
            // Past the genesis, the log holds only the coordinator's own clock ticks and price reports.
            List<SignedTx> log = network.transactions();
            assertThat(log.subList(1, log.size())).allSatisfy(tx -> {
                assertThat(tx.signer()).isEqualTo(TestNetwork.address(TestNetwork.COORDINATOR));
                assertThat(tx.payload()).isInstanceOfAny(Tick.class, ReportPrice.class);
            });
        }
    }

    /**
     * A provider's own bid lives in the book, which is in memory, and in the log: a restart in the
     * middle of the auction rebuilds the book from the log, so the bid stands, still marked as the
     * provider's own, and the tenant can accept it at its price.
     */
    @Test
    void aProvidersOwnBidSurvivesARestartInTheMiddleOfTheAuction() {
        try (var network = TestNetwork.start(dir)) {
            var p1 = network.provider("p1").start(CC);
            var p2 = network.provider("p2").start(CC + 500_000);
            var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 600);
            JobHandle job = network.tenant("alice").submits(Tenant.training(30).withRequirements(auction));
            awaitBid(network, job, p2.address(), true);
            p2.bids(job.id(), 700_000);
            awaitBid(network, job, p2.address(), false);

            network.restartCoordinator();

            BidView restored = awaitBid(network, job, p2.address(), false);
            assertThat(restored.pricePerDeviceHour()).isEqualTo(700_000);
            network.tenant("alice").signs(new AcceptBid(job.id(), p2.address()));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.lease().provider()).isEqualTo(p2.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(700_000);
            assertThat(p1.view().online()).isTrue();
        }
    }

    /** Waits until the job's auction holds a bid of the provider's, auto or its own. */
    private static BidView awaitBid(TestNetwork network, JobHandle job, Address provider, boolean auto) {
        return Eventually.await("a bid of " + provider, TestNetwork.DEFAULT_WAIT, () -> {
            try {
                return network.client().marketAuction(job.id()).bids().stream()
                        .filter(bid -> bid.provider().equals(provider.toString()) && bid.auto() == auto)
                        .findFirst();
            } catch (CoordinatorException notYet) {
                return Optional.<BidView>empty(); // no auction until a placement pass after the (re)start opens it
            }
        }, Optional::isPresent).orElseThrow();
    }
}
