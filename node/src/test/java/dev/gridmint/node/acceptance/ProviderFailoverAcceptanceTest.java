package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.JobHandle.Billing;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.MarketViews.OfferView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LeaseView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.protocol.AgentMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that drops off the network mid-job loses the lease once it has been silent for the
 * provider timeout; the job runs again elsewhere. The lost provider is paid only up to when it was
 * last seen, the rest is billed once, to the one that finished it, and the escrow's rest goes back.
 */
class ProviderFailoverAcceptanceTest {

    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aJobWhoseProviderIsLostIsReassignedAndPaidExactlyOnce() {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir)) {
            var flaky = network.provider("p-flaky").start(1 * CC);
            var steady = network.provider("p-steady").start(2 * CC);
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);
            long flakyStake = flaky.stake();

            // Long enough, and chatty enough, to be caught half-way.
            JobHandle job = network.tenant("alice").submitsTraining(800, 10);
            job.awaitLeasedTo(flaky, Duration.ofSeconds(10));
            job.awaitProgressFrom(flaky, Duration.ofSeconds(30));

            flaky.goesOffline();

            flaky.awaitLost(Duration.ofSeconds(15));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));

            // Finished on the second lease, by the other provider, at its price.
            assertThat(settled.attempts()).isEqualTo(2);
            assertThat(settled.lease().provider()).isEqualTo(steady.address().toString());
            assertThat(settled.lease().attempt()).isEqualTo(2);
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(2 * CC);
            assertThat(network.transactions(AssignLease.class)).containsExactly(
                    new AssignLease(job.id(), flaky.address()), new AssignLease(job.id(), steady.address()));
            // The order book followed: the lost provider was taken off the market before the job was placed again,
            // and the one that finished it has its device free once more. (The train-names workload keeps no
            // checkpoint: the second attempt trains from step 0, which the exact billing above accounts for.)
            List<OfferView> offers = network.client().marketOffers(0, 100);
            assertThat(offers).filteredOn(offer -> offer.provider().equals(flaky.address().toString())).singleElement()
                    .satisfies(offer -> assertThat(offer.listed()).isFalse());
            assertThat(offers).filteredOn(offer -> offer.provider().equals(steady.address().toString())).singleElement()
                    .satisfies(offer -> assertThat(offer.freeDevices()).isEqualTo(1));
            assertThat(network.transactions(ReleaseLease.class))
                    .singleElement()
                    .satisfies(release -> {
                        assertThat(release.jobId()).isEqualTo(job.id());
                        assertThat(release.attempt()).isEqualTo(1);
                        assertThat(release.downSince()).isPositive();
                    });

            // Paid for once: one settlement; the lost provider is paid only up to when it was last seen, and the
            // time billed to it after that goes back into the escrow, out of its stake.
            assertThat(network.transactions(SettleJob.class)).containsExactly(new SettleJob(job.id()));
            assertThat(network.transactions(UsageReceipt.class)).allSatisfy(receipt -> assertThat(receipt.attempt()).isEqualTo(2));
            assertThat(network.transactions(CompleteJob.class)).allSatisfy(complete -> assertThat(complete.attempt()).isEqualTo(2));
            int feeBps = network.params().credits().protocolFeeBps();
            List<Billing> billings = job.billings();
            assertThat(billings).allSatisfy(billing -> assertThat(billing.fee()).isEqualTo(Pricing.fee(billing.charged(), feeBps)));
            List<Billing> first = billings.stream().filter(b -> b.attempt() == 1).toList();
            List<Billing> second = billings.stream().filter(b -> b.attempt() == 2).toList();
            assertThat(first).allSatisfy(b -> assertThat(b.provider()).isEqualTo(flaky.address()));
            assertThat(second).allSatisfy(b -> {
                assertThat(b.provider()).isEqualTo(steady.address());
                assertThat(b.refunded()).isZero();
            });
            ReleaseLease release = network.transactions(ReleaseLease.class).getFirst();
            long firstStart = job.leaseStartedAt(1);
            assertThat(release.downSince()).isPositive();
            long paidSeconds = Math.max(release.downSince(), firstStart) - firstStart;
            long firstCharged = first.stream().mapToLong(Billing::charged).sum();
            long refunded = first.stream().mapToLong(Billing::refunded).sum();
            assertThat(firstCharged - refunded).isEqualTo(Pricing.leaseCharge(1 * CC, 1, paidSeconds));

            // The second lease is billed at its own price for its own seconds.
            LeaseView lease = settled.lease();
            long secondCharged = Pricing.leaseCharge(2 * CC, 1, lease.settledAt() - lease.startedAt());
            assertThat(lease.billed()).isEqualTo(secondCharged);
            assertThat(second.stream().mapToLong(Billing::charged).sum()).isEqualTo(secondCharged);

            long charged = firstCharged + secondCharged;
            long fee = billings.stream().mapToLong(Billing::fee).sum();
            Settlement settlement = job.settlement();
            assertThat(settled.charged()).isEqualTo(charged);
            assertThat(settlement).isEqualTo(new Settlement(charged, charged - fee, fee, job.escrow() + refunded - charged, 0));

            // In GRID at the oracle price: each provider for its own billings (the lost one less the refund taken
            // from its stake), the treasury the fees; the tenant gets the rest of the escrow back as credits.
            long flakyGrid = first.stream().mapToLong(b -> network.gridForSettlement(b.charged() - b.fee())
                    - Bme.gridForCredits(b.refunded(), network.price(), 0)).sum();
            long steadyGrid = second.stream().mapToLong(b -> network.gridForSettlement(b.charged() - b.fee())).sum();
            assertThat(flaky.earned()).isEqualTo(flakyGrid).isEqualTo(job.providerGrid(flaky));
            assertThat(flaky.stake()).isEqualTo(flakyStake - Bme.gridForCredits(refunded, network.price(), 0));
            assertThat(steady.earned()).isEqualTo(steadyGrid).isEqualTo(job.providerGrid(steady));
            assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + job.treasuryGrid());
            assertThat(network.account("alice").credits()).isEqualTo(settlement.refunded());

            // The lost provider, back with a late claim on its old lease, is turned away and changes nothing.
            network.freezeTime();
            LedgerView before = network.ledger();
            assertThatThrownBy(() -> network.submit(flaky.name(), new UsageReceipt(job.id(), 1, 1_000)))
                    .isInstanceOfSatisfying(CoordinatorException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(403);
                        assertThat(refused.code()).isEqualTo("NOT_LEASE_HOLDER");
                    });
            assertThatThrownBy(() -> network.submit(flaky.name(), new CompleteJob(job.id(), 1, Hash.sha256(new byte[] {1}))))
                    .isInstanceOfSatisfying(CoordinatorException.class, refused -> assertThat(refused.code()).isEqualTo("NOT_LEASE_HOLDER"));
            LedgerView after = network.ledger();
            assertThat(after.stateRoot()).isEqualTo(before.stateRoot());
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root().hex()).isEqualTo(after.stateRoot());
        }
    }

    /**
     * Downtime, with ledger time under the test's control: a hand-driven provider is last seen 2 s
     * into its lease, is billed 5 s by its own usage receipt, and is then lost. Billing stops at
     * when it was last seen; the 3 s billed after that go back into the escrow, bought with its stake.
     */
    @Test
    void aLostProviderIsNotPaidForTheTimeAfterItWasLastSeen() {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofSeconds(4)).start(dir)) {
            long price = Tenant.DEFAULT_MAX_PRICE; // 10 CC per device-hour
            network.registerProvider("p-lost", new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", price));
            var lost = network.provider("p-lost");
            long stake = lost.stake();
            network.freezeTime();
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);
            Tenant alice = network.tenant("alice");
            try (AgentSocket agent = network.agentSocket()) {
                agent.login(TestNetwork.key("p-lost"));
                JobHandle job = alice.submitsTraining(200);
                assertThat(agent.next(AgentMessage.Assign.class).jobId()).isEqualTo(job.id().hex());
                long start = job.view().lease().startedAt();

                // Last seen 2 s into the lease: the coordinator shows the progress it sent.
                network.advanceTime(Duration.ofSeconds(2));
                agent.send(new AgentMessage.Progress(job.id().hex(), 1, 5, 200, 3.0, 3.1));
                Eventually.await("the progress report", TestNetwork.DEFAULT_WAIT, job::view,
                        view -> view.telemetry() != null && view.telemetry().step() == 5);
                // Its own receipt 5 s in bills 5 s: 13,888 micro-CC at 10 CC per hour.
                network.advanceTime(Duration.ofSeconds(3));
                network.submit("p-lost", new UsageReceipt(job.id(), 1, 5_000));
                assertThat(job.view().charged()).isEqualTo(13_888);
                // Then it is silent past the provider timeout, and the coordinator takes the lease back.
                network.advanceTime(Duration.ofSeconds(10));
                JobView requeued = job.awaitStatus("QUEUED");
                lost.awaitLost(TestNetwork.DEFAULT_WAIT);

                assertThat(network.transactions(ReleaseLease.class)).singleElement()
                        .satisfies(release -> assertThat(release.downSince()).isEqualTo(start + 2));
                // Paid for 2 s (5,555 micro-CC): the 8,333 billed for the 3 s after are back in escrow.
                assertThat(job.billings()).extracting(Billing::txType, Billing::charged, Billing::fee, Billing::refunded)
                        .containsExactly(tuple("UsageReceipt", 13_888L, 695L, 0L), tuple("ReleaseLease", 0L, 0L, 8_333L));
                assertThat(requeued.escrow()).isEqualTo(job.escrow() - 13_888 + 8_333);
                assertThat(requeued.charged() - (requeued.deposited() - job.escrow()))
                        .isEqualTo(Pricing.leaseCharge(price, 1, 2)).isEqualTo(5_555);
                // It was paid (13,888 - 695) / 2 = 6,596 micro-GRID and gave back ceil(8,333 / 2) = 4,167 of its stake;
                // the fee stays with the treasury.
                assertThat(lost.stake()).isEqualTo(stake - 4_167);
                assertThat(lost.earned()).isEqualTo(6_596 - 4_167).isEqualTo(job.providerGrid(lost));
                assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + 347);

                // The tenant withdraws the job and gets back everything but the 2 s it was served.
                alice.cancels(job);
                assertThat(job.settlement()).isEqualTo(new Settlement(13_888, 13_888 - 695, 695, job.escrow() - 5_555, 0));
                assertThat(alice.credits()).isEqualTo(job.escrow() - 5_555);
                assertThat(network.client().audit().problems()).isEmpty();
                assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
            }
        }
    }
}
