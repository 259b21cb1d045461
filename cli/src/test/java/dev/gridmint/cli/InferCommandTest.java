package dev.gridmint.cli;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class InferCommandTest {

    @TempDir
    Path dir;

    @Test
    void makesAKeyListsModelsAndChatsStreamingOrNot() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            network.provider("p1").start(1 * CC);
            network.tenant("bob").submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
            network.tenant("alice").buysCredits(CC);
            Path key = dir.resolve("alice.json");
            KeypairFile.write(key, TestNetwork.key("alice"));

            CliRun made = CliRun.of("infer", "key", "--key", key.toString(), "--coordinator", network.url());
            assertThat(made.exit()).as(made.err()).isZero();
            String apiKey = made.out().strip();
            assertThat(apiKey).startsWith("gm_");
            new Inference(network).awaitServing(apiKey, NamesChatModel.ID, "/v1/chat/completions",
                    "{\"model\":\"gridmint-names\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2}");

            CliRun models = CliRun.of("infer", "models", "--api-key", apiKey, "--coordinator", network.url());
            assertThat(models.out().strip()).isEqualTo(NamesChatModel.ID);

            CliRun json = CliRun.of("infer", "chat", "Name a baby", "--seed", "42", "--stop", "\\n", "--json", "--api-key", apiKey,
                    "--coordinator", network.url());
            assertThat(json.exit()).as(json.err()).isZero();
            JsonNode completion = Json.MAPPER.readTree(json.out());
            String name = completion.path("choices").path(0).path("message").path("content").asString();
            assertThat(name).matches("[a-z]+");

            CliRun streamed = CliRun.of("infer", "chat", "Name a baby", "--seed", "42", "--stop", "\\n", "--api-key", apiKey,
                    "--coordinator", network.url());
            assertThat(streamed.out().strip()).isEqualTo(name);

            // Without a message: a conversation on standard input, each turn sent with the ones before it.
            CliRun conversation = CliRun.withInput("Name a baby\nAnother one\n\nnot read\n", "infer", "chat", "--seed", "42", "--stop",
                    "\\n", "--json", "--api-key", apiKey, "--coordinator", network.url());
            assertThat(conversation.exit()).as(conversation.err()).isZero();
            var turns = conversation.out().strip().lines().map(Json.MAPPER::readTree).toList();
            assertThat(turns).hasSize(2);
            assertThat(turns.get(0).path("choices").path(0).path("message").path("content").asString()).isEqualTo(name);
            assertThat(turns.get(1).path("usage").path("prompt_tokens").asLong())
                    .isGreaterThan(turns.get(0).path("usage").path("prompt_tokens").asLong() + name.length());
            CliRun streamedConversation = CliRun.withInput("Name a baby\n", "infer", "chat", "--seed", "42", "--stop", "\\n",
                    "--api-key", apiKey, "--coordinator", network.url());
            assertThat(streamedConversation.out().strip()).isEqualTo(name);

            CliRun usage = CliRun.of("infer", "usage", "--json", "--api-key", apiKey, "--coordinator", network.url());
            assertThat(usage.exit()).as(usage.err()).isZero();
            JsonNode drawn = Json.MAPPER.readTree(usage.out());
            assertThat(drawn.path("wallet").asString()).isEqualTo(TestNetwork.address("alice").toString());
            // Settled or still pending, depending on when the settler last ran: the two chats were metered.
            assertThat(drawn.path("settled_micro_cc").asLong() + drawn.path("pending_micro_cc").asLong()).isPositive();
            assertThat(drawn.path("completion_tokens").asLong()).isGreaterThanOrEqualTo(2 * name.length());
            // The key used for both chats drew all of it.
            assertThat(drawn.path("key").path("completion_tokens").asLong()).isEqualTo(drawn.path("completion_tokens").asLong());
            assertThat(CliRun.of("infer", "usage", "--api-key", apiKey, "--coordinator", network.url()).out())
                    .contains("pending").contains("this key   " + drawn.path("key").path("sha256_prefix").asString());
        }
    }

    @Test
    void listsTheWalletsKeysAndRevokesOneByIdOrByTheKeyItself() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            Path key = dir.resolve("alice.json");
            KeypairFile.write(key, TestNetwork.key("alice"));
            String first = CliRun.of("infer", "key", "--key", key.toString(), "--coordinator", network.url()).out().strip();
            String second = CliRun.of("infer", "key", "--key", key.toString(), "--coordinator", network.url()).out().strip();
            String third = CliRun.of("infer", "key", "--key", key.toString(), "--limit", "0.5", "--coordinator", network.url()).out()
                    .strip();
            assertThat(CliRun.of("infer", "key", "--key", key.toString(), "--limit", "0", "--coordinator", network.url()).err())
                    .contains("--limit must be above 0 CC");
            assertThat(CliRun.of("infer", "key", "--key", key.toString(), "--limit", "lots", "--coordinator", network.url()).err())
                    .contains("--limit:");

            JsonNode listed = Json.MAPPER.readTree(CliRun.of("infer", "keys", "--json", "--api-key", third, "--coordinator", network.url())
                    .out());
            assertThat(listed.path("data")).hasSize(3);
            String firstId = idOf(first);
            CliRun table = CliRun.of("infer", "keys", "--api-key", third, "--coordinator", network.url());
            assertThat(table.out()).contains("ID").contains("LIMIT").contains("  " + firstId).contains("* " + idOf(third))
                    .contains("0.000000 CC").contains("0.500000 CC").contains("none");

            CliRun byId = CliRun.of("infer", "revoke", firstId, "--key", key.toString(), "--coordinator", network.url());
            assertThat(byId.exit()).as(byId.err()).isZero();
            assertThat(byId.out().strip()).isEqualTo("revoked " + firstId);
            CliRun byKey = CliRun.of("infer", "revoke", second, "--json", "--key", key.toString(), "--coordinator", network.url());
            assertThat(Json.MAPPER.readTree(byKey.out()).path("sha256").asString()).startsWith(idOf(second));

            assertThat(CliRun.of("infer", "models", "--api-key", first, "--coordinator", network.url()).err()).contains("invalid_api_key");
            assertThat(CliRun.of("infer", "keys", "--json", "--api-key", third, "--coordinator", network.url()).out())
                    .doesNotContain(firstId);
            CliRun again = CliRun.of("infer", "revoke", firstId, "--key", key.toString(), "--coordinator", network.url());
            assertThat(again.exit()).isNotZero();
            assertThat(again.err()).contains("key_not_found");
            assertThat(CliRun.of("infer", "revoke", "abc", "--key", key.toString(), "--coordinator", network.url()).err())
                    .contains("12 to 64");
        }
    }

    @Test
    void servesAModelAndWaitsUntilTheGatewayListsIt() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            var provider = network.provider("p1").start(1 * CC);
            network.tenant("alice").buysCredits(CC);
            Path key = dir.resolve("alice.json");
            KeypairFile.write(key, TestNetwork.key("alice"));

            CliRun served = CliRun.of("infer", "serve", "--key", key.toString(), "--coordinator", network.url(), NamesChatModel.ID,
                    "--max-seconds", "600", "--json", "--", "--seed", "7", "--steps", "100");

            assertThat(served.exit()).as(served.err()).isZero();
            // The network runs in this JVM: its log lines share the captured stdout, the answer is the last line.
            String[] lines = served.out().strip().split("\n");
            JsonNode answer = Json.MAPPER.readTree(lines[lines.length - 1]);
            assertThat(answer.path("model").asString()).isEqualTo(NamesChatModel.ID);
            assertThat(answer.path("job_id").asString()).hasSize(64);
            assertThat(answer.path("provider").asString()).isEqualTo(provider.address().toString());
            String[] keyLines = CliRun.of("infer", "key", "--key", key.toString(), "--coordinator", network.url()).out().strip().split("\n");
            CliRun models = CliRun.of("infer", "models", "--api-key", keyLines[keyLines.length - 1], "--coordinator", network.url());
            assertThat(models.out().strip()).endsWith(NamesChatModel.ID);
        }
    }

    @Test
    void embedsATextAsOneLineOfNumbers() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            network.provider("p1").start(1 * CC);
            network.tenant("bob").submits(Inference.serving(MiniLmEmbeddingModel.ID)).awaitStatus("LEASED");
            network.tenant("alice").buysCredits(CC);
            var inference = new Inference(network);
            inference.awaitServing(inference.apiKey("alice"), MiniLmEmbeddingModel.ID, "/v1/embeddings",
                    "{\"model\":\"all-minilm-l6-v2\",\"input\":\"x\"}");
            String apiKey = inference.apiKey("alice"); // a full rate-limit bucket of its own

            CliRun embedded = CliRun.of("infer", "embed", "a cat", "--api-key", apiKey, "--coordinator", network.url());
            assertThat(embedded.exit()).as(embedded.err()).isZero();
            String[] values = embedded.out().strip().split(",");
            assertThat(values).hasSize(384);
            assertThat(java.util.Arrays.stream(values).mapToDouble(Double::parseDouble).map(v -> v * v).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-3));
            assertThat(embedded.err()).contains("all-minilm-l6-v2: 384 dimensions");
            JsonNode json = Json.MAPPER.readTree(CliRun.of("infer", "embed", "a cat", "--json", "--api-key", apiKey, "--coordinator",
                    network.url()).out());
            assertThat(json.path("data").path(0).path("embedding")).hasSize(384);
            assertThat(CliRun.of("infer", "embed", "a cat", "--model", "nope", "--api-key", apiKey, "--coordinator", network.url()).err())
                    .contains("model_not_found");
        }
    }

    /** A key's id: the start of its SHA-256, as the gateway lists it. */
    private static String idOf(String apiKey) {
        return dev.gridmint.core.crypto.Hash.sha256(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex().substring(0, 12);
    }

    @Test
    void refusalsAreUserErrors() {
        assertThat(CliRun.of("infer", "serve", "--key", "none.json", "--coordinator", "http://127.0.0.1:1", "gpt-17").err())
                .contains("unknown model 'gpt-17'");
        assertThat(CliRun.of("infer", "serve", "--help").out()).contains("--max-price").contains("--region").contains("--json");
        assertThat(CliRun.of("infer", "models", "--api-key", "", "--coordinator", "http://127.0.0.1:1").err()).contains("API key");
        assertThat(CliRun.of("infer", "chat", "--help").out()).contains("--seed").contains("--stop").contains("--json")
                .contains("conversation");
        assertThat(CliRun.of("infer", "usage", "--help").out()).contains("settled").contains("--json").contains("infer keys");
        assertThat(CliRun.of("infer", "revoke", "--help").out()).contains("KEY_ID").contains("--key").contains("--json");
    }
}
