package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that drops off the network mid-job loses the lease once it has been silent for the
 * provider timeout; the job runs again elsewhere and is paid for once, to the one that finished it.
 */
class ProviderFailoverAcceptanceTest {

    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void aJobWhoseProviderIsLostIsReassignedAndPaidExactlyOnce() {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir)) {
            var flaky = network.provider("p-flaky").start(1 * GRID);
            var steady = network.provider("p-steady").start(2 * GRID);
            long aliceBefore = network.balanceOf("alice");
            long treasuryBefore = network.balanceOf(TestNetwork.TREASURY);

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
            assertThat(settled.lease().pricePerDeviceHour()).isEqualTo(2 * GRID);
            assertThat(network.transactions(AssignLease.class)).containsExactly(
                    new AssignLease(job.id(), flaky.address()), new AssignLease(job.id(), steady.address()));
            assertThat(network.transactions(ReleaseLease.class))
                    .singleElement()
                    .satisfies(release -> {
                        assertThat(release.jobId()).isEqualTo(job.id());
                        assertThat(release.attempt()).isEqualTo(1);
                    });

            // Paid exactly once: one settlement, all of it to the provider that finished; nothing to the lost one.
            assertThat(network.transactions(SettleJob.class)).containsExactly(new SettleJob(job.id()));
            assertThat(network.transactions(UsageReceipt.class)).allSatisfy(receipt -> assertThat(receipt.attempt()).isEqualTo(2));
            assertThat(network.transactions(CompleteJob.class)).allSatisfy(complete -> assertThat(complete.attempt()).isEqualTo(2));
            Settlement settlement = job.settlement();
            long charged = Pricing.charge(2 * GRID, 1, settled.usageMillis());
            long fee = Pricing.fee(charged, network.params().protocolFeeBps());
            assertThat(settlement).isEqualTo(new Settlement(charged, charged - fee, fee, job.escrow() - charged));
            assertThat(flaky.balance()).isZero();
            assertThat(steady.balance()).isEqualTo(charged - fee);
            assertThat(network.balanceOf(TestNetwork.TREASURY)).isEqualTo(treasuryBefore + fee);
            assertThat(network.balanceOf("alice")).isEqualTo(aliceBefore - charged);

            // The lost provider, back with a late claim on its old lease, is turned away and changes nothing.
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
            assertThat(after.supplyConserved()).isTrue();
            assertThat(network.replayFromStore().root().hex()).isEqualTo(after.stateRoot());
        }
    }
}
