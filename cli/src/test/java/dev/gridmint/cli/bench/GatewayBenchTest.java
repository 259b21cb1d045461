package dev.gridmint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.cli.CliRun;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small run of {@code bench gateway --json}: a real coordinator and provider serve the names model, both
 * paths answer, the streams end without errors and the line has the figures. No timing is asserted.
 */
class GatewayBenchTest {

    @Test
    void printsOneJsonLineWithTheFigures() throws Exception {
        // More streams than one wallet may hold keys: the keys come from two wallets.
        int streams = Gateway.MAX_KEYS_PER_WALLET + 10;
        CliRun run = CliRun.of("bench", "gateway", "--streams", String.valueOf(streams), "--requests", "1", "--samples", "20", "--warmup",
                "10", "--max-tokens", "4", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[lines.length - 1], Map.class);
        assertThat(figures).containsKeys("direct_p50_ms", "direct_p99_ms", "gateway_p50_ms", "gateway_p99_ms", "overhead_p50_ms",
                "overhead_p99_ms", "streams", "errors", "tokens_per_s");
        assertThat(figures.get("streams")).isEqualTo(streams);
        assertThat(figures.get("warmup")).isEqualTo(10);
        assertThat(figures.get("errors")).isEqualTo(0);
        assertThat(((Number) figures.get("tokens_per_s")).doubleValue()).isPositive();
    }

    @Test
    void refusesOutOfRangeOptions() {
        assertThat(CliRun.of("bench", "gateway", "--requests", "99").err()).contains("--requests");
        assertThat(CliRun.of("bench", "gateway", "--warmup", "-1").err()).contains("--warmup");
        assertThat(CliRun.of("bench", "gateway", "--help").out()).contains("--streams").contains("--warmup").contains("--json");
    }
}
