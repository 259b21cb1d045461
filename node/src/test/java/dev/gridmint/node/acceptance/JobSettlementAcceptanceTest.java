package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.JobHandle.Billing;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LeaseView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.protocol.AgentMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's training job, from order to payout, on a network of three providers. */
class JobSettlementAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aJobRunsOnTheCheapestProviderAndTheEscrowIsDividedExactly() throws IOException {
        try (var network = TestNetwork.start(dir)) {
            var pricey = network.provider("p-pricey").start(3 * CC);
            var cheap = network.provider("p-cheap").start(1 * CC);
            var middle = network.provider("p-middle").start(2 * CC);
            Tenant alice = network.tenant("alice");
            long aliceGridBefore = alice.balance();
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);
            assertThat(alice.credits()).isZero();

            JobHandle job = alice.submitsTraining(200);
            // Alice bought exactly the escrow's credits, at the oracle price less the spread, and locked them all.
            assertThat(alice.balance()).isEqualTo(aliceGridBefore - network.gridToMint(job.escrow()));
            assertThat(alice.credits()).isZero();
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));

            // Placed on the cheapest offer, at its price, on the first try.
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(settled.lease().provider()).isEqualTo(cheap.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(1 * CC);
            assertThat(settled.usageMillis()).isPositive().isLessThanOrEqualTo(settled.maxSeconds() * 1000);
            assertThat(network.transactions(AssignLease.class)).containsExactly(new AssignLease(job.id(), cheap.address()));

            // The charge is the lease's price for the seconds of ledger time it was billed.
            LeaseView lease = settled.lease();
            long charged = Pricing.leaseCharge(1 * CC, 1, lease.settledAt() - lease.startedAt());
            assertThat(lease.billed()).isEqualTo(charged);
            assertThat(settled.charged()).isEqualTo(charged);

            // Each billing pays the protocol's fee on what it billed, rounded up; the escrow's rest goes back.
            int feeBps = network.params().credits().protocolFeeBps();
            List<Billing> billings = job.billings();
            assertThat(billings).allSatisfy(billing -> {
                assertThat(billing.provider()).isEqualTo(cheap.address());
                assertThat(billing.attempt()).isEqualTo(1);
                assertThat(billing.fee()).isEqualTo(Pricing.fee(billing.charged(), feeBps));
                assertThat(billing.refunded()).isZero();
            });
            assertThat(billings.stream().mapToLong(Billing::charged).sum()).isEqualTo(charged);
            long fee = billings.stream().mapToLong(Billing::fee).sum();
            Settlement settlement = job.settlement();
            assertThat(settlement).isEqualTo(new Settlement(charged, charged - fee, fee, job.escrow() - charged, 0));
            assertThat(settlement.providerPaid() + settlement.fee() + settlement.refunded()).isEqualTo(job.escrow());

            // The provider and the treasury are paid GRID at the oracle price, per billing; the others earn nothing;
            // the tenant gets the rest of the escrow back as credits and spends no more GRID.
            long providerGrid = billings.stream().mapToLong(b -> network.gridForSettlement(b.charged() - b.fee())).sum();
            long feeGrid = billings.stream().mapToLong(b -> network.gridForSettlement(b.fee())).sum();
            assertThat(cheap.earned()).isEqualTo(providerGrid).isEqualTo(job.providerGrid(cheap));
            assertThat(pricey.earned()).isZero();
            assertThat(middle.earned()).isZero();
            assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + feeGrid);
            assertThat(alice.credits()).isEqualTo(settlement.refunded());
            assertThat(alice.balance()).isEqualTo(aliceGridBefore - network.gridToMint(job.escrow()));
            assertThat(network.transactions(SettleJob.class)).containsExactly(new SettleJob(job.id()));

            // No token or credit is made or lost.
            network.freezeTime();
            LedgerView after = network.ledger();
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(after.supply().outstanding()).isEqualTo(after.supply().minted() - after.supply().burned());
            assertThat(after.supply().creditsEscrowed()).isZero();

            // The result the provider signed is the model it wrote, and the coordinator shows what it reported.
            Path model = cheap.attemptDir(job, 1).resolve("model.bin");
            assertThat(settled.resultHash()).isEqualTo(Hash.sha256(Files.readAllBytes(model)).hex());
            JobView reported = Eventually.await("the provider's result report", Duration.ofSeconds(10), job::view,
                    view -> view.telemetry() != null && view.telemetry().outcome() != null);
            assertThat(reported.telemetry().outcome().modelSha256()).isEqualTo(settled.resultHash());
            assertThat(reported.telemetry().outcome().samples()).isNotEmpty();

            // An auditor replaying the stored log from nothing gets the live state, root for root.
            LedgerState replayed = network.replayFromStore();
            assertThat(replayed.height()).isEqualTo(after.height());
            assertThat(replayed.root().hex()).isEqualTo(after.stateRoot()).isEqualTo(network.state().root().hex());
        }
    }

    /**
     * The money of one lease, with ledger time under the test's control: a hand-driven provider
     * holds the lease while the frozen clock is moved on, so exactly 30 and then 61 seconds are billed.
     */
    @Test
    void everySecondOfALeaseIsBilledOnceAndPaidInGridAtTheOraclePrice() {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofMinutes(10)).start(dir)) {
            network.registerProvider("p-hand", new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", 1 * CC));
            var provider = network.provider("p-hand");
            network.freezeTime();
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);
            Tenant alice = network.tenant("alice");
            try (AgentSocket agent = network.agentSocket()) {
                agent.login(TestNetwork.key("p-hand"));
                JobHandle job = alice.submitsTraining(200);
                assertThat(agent.next(AgentMessage.Assign.class).jobId()).isEqualTo(job.id().hex());
                assertThat(job.view().lease().startedAt()).isEqualTo(network.state().now());

                network.advanceTime(Duration.ofSeconds(30));
                network.submit("p-hand", new UsageReceipt(job.id(), 1, 30_000));
                network.advanceTime(Duration.ofSeconds(61));
                network.submit("p-hand", new CompleteJob(job.id(), 1, Hash.sha256(new byte[] {7})));
                JobView settled = job.awaitStatus("SETTLED");

                // 1 CC per device-hour: 30 s is 8,333 micro-CC (rounded down), 91 s in all 25,277; nothing billed twice.
                assertThat(job.billings()).extracting(Billing::txType, Billing::charged, Billing::fee).containsExactly(
                        tuple("UsageReceipt", 8_333L, 417L), tuple("CompleteJob", 16_944L, 848L));
                assertThat(settled.lease().settledAt() - settled.lease().startedAt()).isEqualTo(91);
                assertThat(job.settlement()).isEqualTo(new Settlement(25_277, 25_277 - 1_265, 1_265, job.escrow() - 25_277, 0));

                // Paid out per billing at $2 per GRID, rounded down: 3,958 + 8,048 micro-GRID to the provider,
                // 208 + 424 to the treasury; the tenant gets the rest of its escrow back as credits.
                assertThat(provider.earned()).isEqualTo(3_958 + 8_048).isEqualTo(job.providerGrid(provider));
                assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + 208 + 424)
                        .isEqualTo(treasuryBefore + job.treasuryGrid());
                assertThat(alice.credits()).isEqualTo(job.escrow() - 25_277);
                assertThat(network.client().audit().problems()).isEmpty();
                assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
            }
        }
    }
}
