package dev.gridmint.node.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.node.api.JobTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rendersCountersAndLedgerGaugesInThePrometheusTextFormat() {
        var ledger = LedgerFixture.standard();
        ledger.submit(LedgerFixture.ALICE, LedgerFixture.spec(1, 600, 1_000_000));
        var agents = new AgentHub(ledger.networkId(), InstantSource.fixed(Instant.EPOCH), new SplittableRandom(1),
                Duration.ofSeconds(2), ledger::state, new JobTelemetry(), new EventStream());
        var metrics = new Metrics();
        metrics.accepted();
        metrics.accepted();
        metrics.rejected(TxError.BAD_NONCE);

        String text = metrics.render(ledger.state(), agents);

        assertThat(text).contains(
                "# TYPE gridmint_tx_accepted_total counter\n",
                "gridmint_tx_accepted_total 2\n",
                "gridmint_tx_rejected_total{code=\"BAD_NONCE\"} 1\n",
                "gridmint_tx_rejected_total{code=\"MALFORMED\"} 0\n",
                "gridmint_ledger_height " + ledger.state().height() + "\n",
                "gridmint_providers_connected 0\n",
                "gridmint_jobs{status=\"QUEUED\"} 1\n",
                "gridmint_jobs{status=\"SETTLED\"} 0\n",
                "gridmint_grid_outstanding " + ledger.state().supply().outstanding() + "\n",
                "gridmint_grid_vault " + ledger.state().supply().vault() + "\n",
                "gridmint_credits_outstanding " + ledger.state().supply().creditsOutstanding() + "\n",
                "gridmint_ledger_epoch 0\n");
        for (TxError error : TxError.values()) {
            assertThat(text).contains("gridmint_tx_rejected_total{code=\"" + error.name() + "\"}");
        }
        assertThat(text.lines()).allSatisfy(line -> assertThat(line).matches("(# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\"[A-Z_]+\"\\})? -?\\d+)"));
    }
}
