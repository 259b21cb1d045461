package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.store.postgres.PostgresTestSchemas;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same network on the PostgreSQL store: the coordinator's ledger lives in a schema of the
 * server on this machine (a fresh one for this test), and everything else is unchanged.
 */
class PostgresLedgerAcceptanceTest {

    @RegisterExtension
    static final PostgresTestSchemas POSTGRES = new PostgresTestSchemas();

    @TempDir
    Path dir;

    @Test
    void aJobSettlesOnPostgresAndTheLedgerSurvivesARestart() {
        try (var network = TestNetwork.builder().store(POSTGRES.url()).snapshotEvery(4).start(dir)) {
            var provider = network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(200);
            job.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(provider.earned()).isEqualTo(job.providerGrid(provider));
            network.freezeTime();
            LedgerView before = network.ledger();

            network.restartCoordinator();

            assertThat(network.ledger()).isEqualTo(before);
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }
}
