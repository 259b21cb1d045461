package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.inference.serve.ModelArtifacts;
import dev.gridmint.node.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TinyLlamaCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheSameArchiveForASeedAndPrintsHowToServeIt() throws Exception {
        Path file = dir.resolve("tiny.tar");
        CliRun run = CliRun.of("infer", "tiny-llama", "--seed", "7", "--out", file.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode answer = Json.MAPPER.readTree(run.out());
        byte[] archive = Files.readAllBytes(file);
        String sha = Hash.sha256(archive).hex();
        assertThat(answer.path("sha256").asString()).isEqualTo(sha);
        assertThat(answer.path("model").asString()).isEqualTo("tiny-llama-" + sha.substring(0, 12));
        assertThat(answer.path("args").toString()).contains("--model-artifact", "sha256:" + sha);
        assertThat(ModelArtifacts.detect(Arrays.copyOf(archive, 512))).isEqualTo(ModelArtifacts.Format.LLAMA_TAR);

        CliRun again = CliRun.of("infer", "tiny-llama", "--out", dir.resolve("again.tar").toString());
        assertThat(again.out()).contains("sha256:" + sha, "serve-model -- --model-artifact sha256:" + sha + " --name tiny-llama");
        assertThat(CliRun.of("infer", "tiny-llama").exit()).isNotZero();
        assertThat(CliRun.of("infer", "tiny-llama", "--upload").err()).contains("--key");
    }

    @Test
    void uploadsItAsAModelArtifact() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            Path key = dir.resolve("bob.json");
            KeypairFile.write(key, TestNetwork.key("bob"));
            CliRun run = CliRun.of("infer", "tiny-llama", "--seed", "3", "--upload", "--key", key.toString(),
                    "--coordinator", network.url(), "--json");
            assertThat(run.exit()).as(run.err()).isZero();
            String sha = Json.MAPPER.readTree(run.out()).path("sha256").asString();
            Path fetched = dir.resolve("fetched.tar");
            network.client().downloadArtifact(Hash.parse(sha), fetched, dev.gridmint.node.artifact.Artifacts.Progress.NONE);
            assertThat(Hash.sha256(Files.readAllBytes(fetched)).hex()).isEqualTo(sha);
        }
    }
}
