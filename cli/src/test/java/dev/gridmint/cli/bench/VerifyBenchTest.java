package dev.gridmint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.cli.CliRun;
import dev.gridmint.node.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench verify --json} prints one JSON line with the figures the issue asks for; the progress bar stays on stderr. */
class VerifyBenchTest {

    @Test
    void printsOneJsonLineWithTheFigures() throws Exception {
        CliRun run = CliRun.of("bench", "verify", "--honest-jobs", "10000", "--json");
        assertThat(run.exit()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[0], Map.class);
        assertThat(figures).containsKeys("detect_rate_f10", "jobs_to_detect_f10_p50", "spoofer_detect_rate", "sybil_detect_rate",
                "honest_slashed", "overhead", "cheat_ev", "params", "meets_goals");
        assertThat(figures.get("honest_slashed")).isEqualTo(0);
    }

    @Test
    void refusesTooFewHonestJobs() {
        assertThat(CliRun.of("bench", "verify", "--honest-jobs", "100").exit()).isNotZero();
    }
}
