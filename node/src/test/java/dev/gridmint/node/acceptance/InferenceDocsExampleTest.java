package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The curl examples of {@code docs/inference.md} ("Calling it"), run as written with the machine's curl against a
 * real gateway: the second client the issue asks for, beside the OpenAI SDK of {@link GatewayAcceptanceTest}. The
 * streamed answer is parsed as server-sent events. A docs change that breaks an example breaks this test.
 */
class InferenceDocsExampleTest {

    private static final Path DOC = Path.of("..", "docs", "inference.md");
    private static final String DOC_URL = "http://127.0.0.1:8080";

    @TempDir
    Path dir;

    @Test
    void theDocumentedCurlCallsWorkAgainstARealGateway() throws Exception {
        List<String> commands = curlExamples(Files.readString(DOC));
        assertThat(commands).as("the curl examples under 'Calling it'").hasSize(4);
        try (var network = TestNetwork.start(dir)) {
            network.provider("names").start(1 * CC);
            network.provider("embedder").start(1 * CC);
            var operator = network.tenant("bob");
            operator.submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
            operator.submits(Inference.serving(MiniLmEmbeddingModel.ID)).awaitStatus("LEASED");
            network.tenant("alice").buysCredits(5 * CC);
            var inference = new Inference(network);
            String probeKey = inference.apiKey("alice");
            inference.awaitServing(probeKey, NamesChatModel.ID, "/v1/chat/completions",
                    "{\"model\":\"gridmint-names\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4}");
            inference.awaitServing(probeKey, MiniLmEmbeddingModel.ID, "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":\"hi\"}");
            // A key of its own for the examples: the probes above may have spent the first key's per-second rate.
            String key = inference.apiKey("alice");

            JsonNode models = Json.MAPPER.readTree(curl(commands.get(0), network.url(), key));
            assertThat(models.path("data").valueStream().map(model -> model.path("id").asString()))
                    .contains(NamesChatModel.ID, MiniLmEmbeddingModel.ID);

            JsonNode chat = Json.MAPPER.readTree(curl(commands.get(1), network.url(), key));
            assertThat(chat.path("object").asString()).as(chat.toString()).isEqualTo("chat.completion");
            assertThat(chat.path("choices").get(0).path("message").path("content").asString()).matches("[a-z]*");
            assertThat(chat.path("usage").path("total_tokens").asInt()).isPositive();

            assertStreamed(curl(commands.get(2), network.url(), key));

            JsonNode embeddings = Json.MAPPER.readTree(curl(commands.get(3), network.url(), key));
            assertThat(embeddings.path("data")).hasSize(2);
            assertThat(embeddings.path("data").get(0).path("embedding")).hasSize(384);
        }
    }

    /** Server-sent events: every event a {@code data:} line, chunks of JSON, the usage chunk, and {@code [DONE]} last. */
    private static void assertStreamed(String body) {
        List<String> data = body.lines().filter(line -> !line.isBlank()).toList();
        assertThat(data).allSatisfy(line -> assertThat(line).startsWith("data: "));
        assertThat(data.getLast()).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
                .map(line -> Json.MAPPER.readTree(line.substring("data: ".length()))).toList();
        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk"));
        // stream_options.include_usage asks for one last chunk with the usage and no choices.
        assertThat(chunks.getLast().path("usage").path("completion_tokens").asInt()).isPositive();
    }

    /** The curl commands of the first bash block under "## Calling it", each with its continuation lines joined. */
    static List<String> curlExamples(String doc) {
        String section = doc.substring(doc.indexOf("## Calling it"));
        String block = section.substring(section.indexOf("```bash") + "```bash".length());
        block = block.substring(0, block.indexOf("```"));
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block.lines().toList()) {
            if (line.startsWith("curl ")) {
                current = new StringBuilder();
                commands.add(null);
            }
            if (current == null || line.startsWith("#") || line.isBlank()) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            commands.set(commands.size() - 1, current.toString().strip());
            if (!continues) {
                current = null;
            }
        }
        return commands;
    }

    /** Runs one documented command in bash, with the gateway's URL for the docs' and the key in $KEY. */
    private String curl(String command, String url, String key) throws IOException, InterruptedException {
        assertThat(command).startsWith("curl ").contains(DOC_URL);
        Path out = Files.createTempFile(dir, "curl", ".out");
        var process = new ProcessBuilder("bash", "-c", command.replace(DOC_URL, url))
                .redirectOutput(out.toFile()).redirectErrorStream(false);
        process.environment().put("KEY", key);
        Process running = process.start();
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("curl finished").isTrue();
        String body = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(running.exitValue()).as(command + " → " + body).isZero();
        return body;
    }
}
