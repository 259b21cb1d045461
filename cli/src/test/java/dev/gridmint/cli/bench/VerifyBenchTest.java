package dev.gridmint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.cli.Main;
import dev.gridmint.node.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench verify --json} prints one JSON line with the figures the issue asks for, and meets its goals on its default seed. */
class VerifyBenchTest {

    @Test
    void printsOneJsonLineWithTheFigures() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var bytes = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            exit = Main.run(new String[] {"bench", "verify", "--honest-jobs", "10000", "--json"});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(exit).isZero();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.readValue(lines[0], Map.class);
        assertThat(figures).containsKeys("detect_rate_f10", "jobs_to_detect_f10_p50", "spoofer_detect_rate", "sybil_detect_rate",
                "honest_slashed", "overhead", "cheat_ev", "params", "meets_goals");
        assertThat(figures.get("honest_slashed")).isEqualTo(0);
    }
}
