package dev.gridmint.cli;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridmint job artifacts}, {@code job download} and {@code job logs} against a real network. */
class JobOutputsCommandTest {

    @TempDir
    Path dir;

    @Test
    void bothCommandsHaveHelpAndRefuseABadJobIdBeforeAnythingIsSent() {
        for (String name : List.of("artifacts", "download", "logs")) {
            assertThat(CliRun.of("job", name, "--help").out()).contains("Usage: gridmint job " + name).contains("--json");
            CliRun bad = CliRun.of("job", name, "not-a-job", "--coordinator", "http://127.0.0.1:1");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("64 hex");
        }
        assertThat(CliRun.of("job", "download", "--help").out()).contains("--name").contains("--sha256").contains("--output");
        assertThat(CliRun.of("coordinator", "--help").out()).contains("--artifacts-dir").contains("--artifact-max-mib")
                .contains("--artifact-keep-days").contains("--upload-keep-hours").contains("--artifact-quota-mib");
    }

    @Test
    void aTenantReadsAJobsLogAndDownloadsItsOutputAndACorruptDownloadFailsAndLeavesNoFile() throws Exception {
        try (var network = TestNetwork.start(dir.resolve("net"))) {
            network.provider("p1").start(1 * CC);
            JobHandle job = network.tenant("alice").submitsTraining(100);
            String result = job.awaitStatus("SETTLED", Duration.ofSeconds(60)).resultHash();
            String url = network.url();

            // The log: followed to the job's end (here at once, it is over), and paged as JSON lines.
            CliRun followed = CliRun.of("job", "logs", job.id().hex(), "-f", "--coordinator", url);
            assertThat(followed.exit()).as(followed.err()).isZero();
            assertThat(followed.out()).contains("\"event\":\"progress\"").contains("[stderr] train-names: done");
            List<String> jsonLines = CliRun.of("job", "logs", job.id().hex(), "--json", "--from", "1", "--coordinator", url)
                    .out().lines().toList();
            assertThat(jsonLines).isNotEmpty();
            assertThat(Json.MAPPER.readTree(jsonLines.getFirst()).path("index").asLong()).isEqualTo(1);
            assertThat(jsonLines).hasSize((int) followed.out().lines().count() - 1);

            CliRun listed = CliRun.of("job", "artifacts", job.id().hex(), "--json", "--coordinator", url);
            assertThat(listed.exit()).as(listed.err()).isZero();
            var artifacts = Json.MAPPER.readTree(listed.out()).path("artifacts");
            assertThat(artifacts).hasSize(1);
            assertThat(artifacts.get(0).path("sha256").asString()).isEqualTo(result);
            assertThat(CliRun.of("job", "artifacts", job.id().hex(), "--coordinator", url).out()).contains(result).contains("yes");

            Path model = dir.resolve("model.bin");
            CliRun downloaded = CliRun.of("job", "download", job.id().hex(), "-o", model.toString(), "--json", "--coordinator", url);
            assertThat(downloaded.exit()).as(downloaded.err()).isZero();
            assertThat(Json.MAPPER.readTree(downloaded.out()).path("verified").asBoolean()).isTrue();
            assertThat(Artifacts.sha256Of(model).hex()).isEqualTo(result);

            Path blob = network.coordinatorDir().resolve("artifacts/sha256").resolve(result.substring(0, 2)).resolve(result);
            byte[] bytes = Files.readAllBytes(blob);
            bytes[0] ^= 0x40;
            Files.write(blob, bytes);
            Path corrupt = dir.resolve("corrupt.bin");
            CliRun caught = CliRun.of("job", "download", job.id().hex(), "--sha256", result, "-o", corrupt.toString(),
                    "--coordinator", url);
            assertThat(caught.exit()).isEqualTo(1);
            assertThat(caught.err()).contains("CORRUPT_DOWNLOAD").contains(result);
            assertThat(corrupt).doesNotExist();
            assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".part")).toList()).isEmpty();

            CliRun unknownName = CliRun.of("job", "download", job.id().hex(), "--name", "nope", "--coordinator", url);
            assertThat(unknownName.exit()).isEqualTo(2);
            assertThat(unknownName.err()).contains("no artifact named nope");
        }
    }
}
