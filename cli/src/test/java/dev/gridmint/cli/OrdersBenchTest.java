package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small run of {@code bench orders --json}: a coordinator, providers and tenants in this JVM, every
 * order leased and seen on the event stream, and the figures printed. No timing is asserted.
 */
class OrdersBenchTest {

    @Test
    void everyOrderIsLeasedAndTheFiguresArePrinted() throws Exception {
        CliRun run = CliRun.of("bench", "orders", "--rate", "40", "--seconds", "2", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[lines.length - 1], Map.class);
        assertThat(figures).containsKeys("rate_target", "rate_achieved", "orders", "p50_ms", "p99_ms", "max_ms");
        assertThat(figures.get("rate_target")).isEqualTo(40);
        assertThat(figures.get("orders")).isEqualTo(80);
        assertThat(figures.get("leased")).isEqualTo(80);
        assertThat(figures.get("providers")).as("80 one-device orders on 64-device nodes").isEqualTo(2);
        assertThat((Map<?, ?>) figures.get("refusals")).isEmpty();
    }

    @Test
    void theBatchModeSendsOrdersThroughTheBatchEndpoint() throws Exception {
        CliRun run = CliRun.of("bench", "orders", "--rate", "40", "--seconds", "2", "--batch", "16", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[lines.length - 1], Map.class);
        assertThat(figures.get("per_request")).isEqualTo(16);
        assertThat(figures.get("leased")).isEqualTo(80);
        assertThat((Map<?, ?>) figures.get("refusals")).isEmpty();
    }

    @Test
    void aBatchAboveTheEndpointsLimitIsRefused() throws Exception {
        CliRun run = CliRun.of("bench", "orders", "--batch", "1001", "--json");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--batch 1..1000");
    }
}
