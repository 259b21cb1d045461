package dev.gridmint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code ./gridmint bench train --json} as a user would, small (two worker JVMs, 40 steps), twice with one
 * seed and once with another: the same seed gives the same final θ hash. Needs the packaged jar: slow profile.
 */
class TrainBenchIT {

    @TempDir
    Path workDir;

    private JsonNode bench(String name, long seed) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path output = workDir.resolve(name + ".out");
        Path errors = workDir.resolve(name + ".err");
        var process = new ProcessBuilder(List.of(root.resolve("gridmint").toString(), "bench", "train", "--json",
                        "--workers", "2", "--steps", "40", "--inner-steps", "10", "--seed", Long.toString(seed),
                        "--out", workDir.resolve(name).toString()))
                .directory(root.toFile())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(errors);
        assertThat(exited).as("bench train exits; stderr:%n%s", stderr).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        return Json.MAPPER.readTree(Files.readAllLines(output).getLast());
    }

    @Test
    void theSameSeedGivesTheSameFinalThetaHash() throws Exception {
        JsonNode first = bench("first", 5);
        JsonNode again = bench("again", 5);
        JsonNode other = bench("other", 6);

        assertThat(first.path("final_theta_hash").asString()).hasSize(64)
                .isEqualTo(again.path("final_theta_hash").asString())
                .isNotEqualTo(other.path("final_theta_hash").asString());
        for (String field : List.of("val_loss_single", "val_loss_ddp", "val_loss_diloco", "val_loss_diloco_int8",
                "val_loss_diloco_dropout")) {
            assertThat(first.path(field).asDouble()).as(field).isBetween(1.0, 3.5);
        }
        assertThat(first.path("bytes_ddp").asLong()).isGreaterThan(first.path("bytes_diloco").asLong());
        assertThat(first.path("comm_ratio").asDouble()).isGreaterThan(1);
        assertThat(first.path("wall_s").asDouble()).isPositive();
        assertThat(Path.of(first.path("chart").asString())).exists();
    }
}
