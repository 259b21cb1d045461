package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant's training job, from order to payout, on a network of three providers. */
class JobSettlementAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aJobRunsOnTheCheapestProviderAndTheEscrowIsDividedExactly() throws IOException {
        try (var network = TestNetwork.start(dir)) {
            var pricey = network.provider("p-pricey").start(3 * GRID);
            var cheap = network.provider("p-cheap").start(1 * GRID);
            var middle = network.provider("p-middle").start(2 * GRID);
            long aliceBefore = network.balanceOf("alice");
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);
            LedgerView before = network.ledger();

            JobHandle job = network.tenant("alice").submitsTraining(200);
            assertThat(network.balanceOf("alice")).isEqualTo(aliceBefore - job.escrow());
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));

            // Placed on the cheapest offer, at its price, on the first try.
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(settled.lease().provider()).isEqualTo(cheap.address().toString());
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(1 * GRID);
            assertThat(settled.usageMillis()).isPositive().isLessThanOrEqualTo(settled.maxSeconds() * 1000);
            assertThat(network.transactions(AssignLease.class)).containsExactly(new AssignLease(job.id(), cheap.address()));

            // The escrow is divided by the network's own pricing rules, to the micro-GRID.
            Settlement settlement = job.settlement();
            long charged = Pricing.charge(1 * GRID, 1, settled.usageMillis());
            long fee = Pricing.fee(charged, network.params().protocolFeeBps());
            assertThat(settlement).isEqualTo(new Settlement(charged, charged - fee, fee, job.escrow() - charged));
            assertThat(fee).isPositive();
            assertThat(settlement.providerPaid() + settlement.fee() + settlement.refunded()).isEqualTo(job.escrow());

            // Provider paid charge - fee, fee to the treasury, the rest back to the tenant; the others earn nothing.
            assertThat(cheap.balance()).isEqualTo(charged - fee);
            assertThat(pricey.balance()).isZero();
            assertThat(middle.balance()).isZero();
            assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + fee);
            assertThat(network.balanceOf("alice")).isEqualTo(aliceBefore - charged);
            assertThat(network.transactions(SettleJob.class)).containsExactly(new SettleJob(job.id()));

            // No token is made or lost.
            LedgerView after = network.ledger();
            assertThat(after.supplyConserved()).isTrue();
            assertThat(after.supplyHeld()).isEqualTo(before.supplyHeld()).isEqualTo(after.minted() - after.burned());

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
}
