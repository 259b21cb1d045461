package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import java.nio.file.Path;
import java.time.Duration;
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
            var provider = network.provider("p1").start(1 * GRID);
            JobHandle first = network.tenant("alice").submitsTraining(200);
            first.awaitStatus("SETTLED", Duration.ofSeconds(60));
            network.tenant("bob").transfers("alice", 5 * GRID);
            LedgerView before = network.ledger();
            long providerEarned = provider.balance();

            network.restartCoordinator();

            LedgerView after = network.ledger();
            assertThat(after.height()).isEqualTo(before.height());
            assertThat(after.stateRoot()).isEqualTo(before.stateRoot());
            assertThat(after).isEqualTo(before);
            assertThat(provider.balance()).isEqualTo(providerEarned);
            assertThat(first.view().status()).isEqualTo("SETTLED");

            // The agent reconnects by itself, and a new job runs and settles as before.
            provider.awaitOnline(Duration.ofSeconds(30));
            JobHandle second = network.tenant("alice").submitsTraining(200);
            JobView settled = second.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(settled.lease().provider()).isEqualTo(provider.address().toString());
            assertThat(provider.balance()).isEqualTo(providerEarned + second.settlement().providerPaid());
            assertThat(network.ledger().supplyConserved()).isTrue();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    @Test
    void aJobRunningAcrossARestartStillCompletesAndIsPaidOnce() {
        try (var network = TestNetwork.start(dir)) {
            var provider = network.provider("p1").start(1 * GRID);
            JobHandle job = network.tenant("alice").submitsTraining(800, 10);
            job.awaitProgressFrom(provider, Duration.ofSeconds(30));

            network.restartCoordinator();

            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(1);
            assertThat(provider.balance()).isEqualTo(job.settlement().providerPaid()).isPositive();
            assertThat(network.ledger().supplyConserved()).isTrue();
        }
    }

    @Test
    void aLeaseWhoseProviderNeverReturnsAfterARestartIsReleasedAfterTheTimeout() {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofSeconds(2)).start(dir)) {
            var gone = network.provider("p-gone").start(1 * GRID);
            var other = network.provider("p-other").start(2 * GRID);
            JobHandle job = network.tenant("alice").submitsTraining(800, 10);
            job.awaitProgressFrom(gone, Duration.ofSeconds(30));

            gone.goesOffline();
            network.restartCoordinator();

            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(settled.attempts()).isEqualTo(2);
            assertThat(settled.lease().provider()).isEqualTo(other.address().toString());
            assertThat(gone.balance()).isZero();
        }
    }

    @Test
    void aRestartWithNothingNewIsHarmless() {
        try (var network = TestNetwork.start(dir)) {
            LedgerView genesisOnly = network.ledger();
            network.restartCoordinator();
            network.restartCoordinator();
            assertThat(network.ledger()).isEqualTo(genesisOnly);
            assertThat(genesisOnly.height()).isEqualTo(1);
        }
    }
}
