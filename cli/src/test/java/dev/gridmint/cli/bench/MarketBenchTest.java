package dev.gridmint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.cli.CliRun;
import dev.gridmint.node.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A small run of {@code bench market --json}: it completes and prints the figures the issue asks for. No timing is asserted. */
class MarketBenchTest {

    @Test
    void printsOneJsonLineWithTheFigures() throws Exception {
        CliRun run = CliRun.of("bench", "market", "--offers", "3000", "--models", "6", "--regions", "5", "--warmup", "2000",
                "--orders", "2000", "--baseline-orders", "50", "--json");
        assertThat(run.exit()).isZero();
        String[] lines = run.out().strip().split("\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[lines.length - 1], Map.class);
        assertThat(figures).containsKeys("providers", "orders_per_s", "p99_match_us", "baseline_orders_per_s", "speedup",
                "heap_bytes_per_offer");
        assertThat(figures.get("providers")).isEqualTo(3000);
        assertThat(((Number) figures.get("matched_share")).doubleValue()).as("the stream matches, it does not just miss").isGreaterThan(0.5);
    }
}
