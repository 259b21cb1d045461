package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.gateway.KeyRevocation;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The gateway against a real coordinator and real providers serving models, called with the official
 * OpenAI Java SDK: two providers serve the names model trained on Gridmint, one serves MiniLM embeddings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayAcceptanceTest {

    private static final String CHAT_BODY = """
            {"model":"gridmint-names","messages":[{"role":"user","content":"a name"}],"max_tokens":8}""";
    private static final String EMBED_BODY = """
            {"model":"all-minilm-l6-v2","input":"ready?"}""";

    private TestNetwork network;
    private Inference inference;
    private List<ProviderNode> providers;
    private String key;
    private OpenAIClient client;

    @BeforeAll
    void start(@TempDir Path dir) {
        network = TestNetwork.start(dir);
        providers = List.of(network.provider("names-1").start(1 * CC), network.provider("names-2").start(1 * CC),
                network.provider("embedder").start(1 * CC));
        var operator = network.tenant("bob");
        operator.submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
        operator.submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
        operator.submits(Inference.serving(MiniLmEmbeddingModel.ID)).awaitStatus("LEASED");
        network.tenant("alice").buysCredits(5 * CC);
        inference = new Inference(network);
        key = inference.apiKey("alice");
        inference.awaitServing(key, NamesChatModel.ID, "/v1/chat/completions", CHAT_BODY);
        inference.awaitServing(key, MiniLmEmbeddingModel.ID, "/v1/embeddings", EMBED_BODY);
        client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(network.url() + "/v1").maxRetries(0).build();
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void listsTheServedModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).containsExactlyInAnyOrder(NamesChatModel.ID, MiniLmEmbeddingModel.ID);
    }

    @Test
    @Order(2)
    void chatsWithASeededModelAndMetersTheTokens() {
        ChatCompletion first = client.chat().completions().create(chat(42).build());
        ChatCompletion again = client.chat().completions().create(chat(42).build());
        String name = first.choices().getFirst().message().content().orElseThrow();
        assertThat(name).matches("[a-z]+");
        // The same seed gives the same answer whichever provider serves it.
        assertThat(again.choices().getFirst().message().content()).hasValue(name);
        assertThat(first.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        var usage = first.usage().orElseThrow();
        // Every drawn token is billed, the new line that met the stop sequence too.
        assertThat(usage.completionTokens()).isEqualTo(name.length() + 1);
        assertThat(usage.promptTokens()).isEqualTo("Name a baby".length());
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());

        ChatCompletion several = client.chat().completions().create(chat(42).n(3).build());
        assertThat(several.choices()).hasSize(3);
        assertThat(several.choices().getFirst().message().content()).hasValue(name);
    }

    @Test
    @Order(3)
    void streamsTheSameAnswerTokenByToken() {
        String plain = client.chat().completions().create(chat(7).build()).choices().getFirst().message().content().orElseThrow();
        List<String> pieces = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat(7).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content()
                    .filter(text -> !text.isEmpty()).ifPresent(pieces::add)));
        }
        assertThat(String.join("", pieces)).isEqualTo(plain);
        assertThat(pieces).hasSize(plain.length());
    }

    @Test
    @Order(4)
    void completesAPrompt() {
        var completion = client.completions().create(CompletionCreateParams.builder().model(NamesChatModel.ID).prompt("Another: em")
                .maxTokens(20).seed(5L).temperature(0.0).stop("\n").build());
        String text = completion.choices().getFirst().text();
        assertThat(text).matches("[a-z]*");
        assertThat(completion.usage().orElseThrow().completionTokens()).isBetween(1L, 20L);
    }

    @Test
    @Order(4)
    void embedsWithMiniLm() {
        var response = client.embeddings().create(EmbeddingCreateParams.builder().model(MiniLmEmbeddingModel.ID)
                .inputOfArrayOfStrings(List.of("a cat sat on the mat", "a kitten sat on the rug", "stock prices fell sharply"))
                .build());
        assertThat(response.data()).hasSize(3);
        List<Float> cat = response.data().get(0).embedding();
        assertThat(cat).hasSize(384);
        assertThat(cosine(cat, response.data().get(1).embedding())).isGreaterThan(cosine(cat, response.data().get(2).embedding()));
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    @Order(5)
    void refusesInOpenAisShape() {
        assertThatThrownBy(() -> client.chat().completions().create(chat(1).model("gpt-17").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-17");
        OpenAIClient stranger = OpenAIOkHttpClient.builder().apiKey("gm_not-a-key").baseUrl(network.url() + "/v1").maxRetries(0).build();
        try {
            assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
        } finally {
            stranger.close();
        }
        var bad = inference.post("/v1/chat/completions", key, """
                {"model":"gridmint-names","messages":[],"temperature":9}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("error").path("param").asString()).isEqualTo("messages");
        var unknownParameter = inference.post("/v1/chat/completions", key, """
                {"model":"gridmint-names","messages":[{"role":"user","content":"x"}],"logit_bias":{}}""");
        assertThat(unknownParameter.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(unknownParameter.body()).path("error").path("param").asString()).isEqualTo("logit_bias");
        // Each model answers its own endpoint: a chat to the embedding model, or an embedding of the chat model, is refused here.
        assertThat(errorCode(inference.post("/v1/chat/completions", key, """
                {"model":"all-minilm-l6-v2","messages":[{"role":"user","content":"x"}]}"""))).isEqualTo("model_not_supported");
        assertThat(errorCode(inference.post("/v1/embeddings", key, """
                {"model":"gridmint-names","input":"x"}"""))).isEqualTo("model_not_supported");
    }

    @Test
    @Order(6)
    void aKeyGrantIsGoodOnce() {
        KeyGrant grant = KeyGrant.sign(TestNetwork.key("dave"), network.networkId(), 1, network.state().now() + 60);
        assertThat(inference.post("/v1/api-keys", null, Inference.grantBody(grant)).statusCode()).isEqualTo(201);
        var replay = inference.post("/v1/api-keys", null, Inference.grantBody(grant));
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(replay.body()).path("error").path("code").asString()).isEqualTo("grant_replayed");
        KeyGrant forged = new KeyGrant(TestNetwork.address("alice"), 2, grant.expires(), 0, grant.signature());
        assertThat(inference.post("/v1/api-keys", null, Inference.grantBody(forged)).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void aWalletListsItsKeysWithAnyOfThemAndRevokesOneWithItsSignature() {
        String first = inference.apiKey("erin");
        String second = inference.apiKey("erin");
        var listed = Json.MAPPER.readTree(inference.get("/v1/api-keys", first).body());
        assertThat(listed.path("wallet").asString()).isEqualTo(TestNetwork.address("erin").toString());
        assertThat(listed.path("data")).hasSize(2);
        assertThat(listed.path("data").findValuesAsString("sha256")).noneMatch(first::contains).noneMatch(second::contains);
        JsonNode firstView = java.util.stream.StreamSupport.stream(listed.path("data").spliterator(), false)
                .filter(k -> k.path("current").asBoolean()).findFirst().orElseThrow();
        String firstId = firstView.path("id").asString();
        long expires = network.state().now() + 60;

        // Neither another wallet's signature under erin's name, nor another wallet revoking in its own name.
        var forged = new KeyRevocation(TestNetwork.address("erin"), firstId, 1, expires,
                KeyRevocation.sign(TestNetwork.key("bob"), network.networkId(), firstId, 1, expires).signature());
        assertThat(errorCode(inference.post("/v1/api-keys/revoke", null, Inference.revocationBody(forged)))).isEqualTo("bad_signature");
        var notTheirs = KeyRevocation.sign(TestNetwork.key("bob"), network.networkId(), firstId, 2, expires);
        assertThat(errorCode(inference.post("/v1/api-keys/revoke", null, Inference.revocationBody(notTheirs)))).isEqualTo("key_not_found");
        assertThat(errorCode(inference.post("/v1/api-keys/revoke", null, "{\"wallet\":\"x\",\"key_id\":\"ABC\"}")))
                .isEqualTo("invalid_request");

        var revocation = KeyRevocation.sign(TestNetwork.key("erin"), network.networkId(), firstId, 3, expires);
        var revoked = inference.post("/v1/api-keys/revoke", null, Inference.revocationBody(revocation));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(revoked.body()).path("sha256").asString()).isEqualTo(firstView.path("sha256").asString());
        assertThat(errorCode(inference.get("/v1/models", first))).isEqualTo("invalid_api_key");
        assertThat(inference.get("/v1/models", second).statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(inference.get("/v1/api-keys", second).body()).path("data")).hasSize(1);
        assertThat(errorCode(inference.post("/v1/api-keys/revoke", null, Inference.revocationBody(revocation)))).isEqualTo("grant_replayed");
    }

    @Test
    @Order(6)
    void aKeyWithALimitDrawsNoMoreThanItsLimit() {
        // CHAT_BODY may cost up to its prompt (6 characters) and 8 tokens; the key may draw just that much.
        long worst = Gateway.PRICES.cost(NamesChatModel.ID, "a name".length() + 8);
        String limited = inference.apiKey("alice", worst);
        var first = inference.post("/v1/chat/completions", limited, CHAT_BODY);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        var refused = inference.post("/v1/chat/completions", limited, CHAT_BODY);
        assertThat(errorCode(refused)).isEqualTo("key_limit_reached");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.MAPPER.readTree(refused.body()).path("error").path("type").asString()).isEqualTo("insufficient_quota");
        // The wallet's other keys are not held back, and the limited key shows its limit.
        assertThat(inference.post("/v1/chat/completions", key, CHAT_BODY).statusCode()).isEqualTo(200);
        JsonNode listed = Json.MAPPER.readTree(inference.get("/v1/api-keys", limited).body());
        JsonNode self = java.util.stream.StreamSupport.stream(listed.path("data").spliterator(), false)
                .filter(k -> k.path("current").asBoolean()).findFirst().orElseThrow();
        assertThat(self.path("limit_micro_cc").asLong()).isEqualTo(worst);
        assertThat(self.path("micro_cc").asLong()).isPositive().isLessThanOrEqualTo(worst);
        assertThat(inference.usage(limited).path("key").path("limit_micro_cc").asLong()).isEqualTo(worst);
        // The limit is signed: a relay that raises it breaks the signature.
        KeyGrant grant = KeyGrant.sign(TestNetwork.key("alice"), network.networkId(), 7, network.state().now() + 60, worst);
        var raised = new KeyGrant(grant.wallet(), grant.nonce(), grant.expires(), worst * 100, grant.signature());
        assertThat(errorCode(inference.post("/v1/api-keys", null, Inference.grantBody(raised)))).isEqualTo("bad_signature");
    }

    private static String errorCode(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(400);
        return Json.MAPPER.readTree(response.body()).path("error").path("code").asString();
    }

    @Test
    @Order(7)
    void aWalletWithoutCreditsIsRefused() {
        String broke = inference.apiKey("carol");
        var refused = inference.post("/v1/chat/completions", broke, CHAT_BODY);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Json.MAPPER.readTree(refused.body()).path("error").path("code").asString()).isEqualTo("insufficient_quota");
    }

    @Test
    @Order(8)
    void meteredTokensUseUpTheWalletsCredits() {
        var bob = network.tenant("bob");
        bob.buysCredits(100);
        long credits = bob.credits();
        String bobsKey = inference.apiKey("bob");
        // Each answer costs at most (6 prompt + 8 completion tokens) x 2 micro-CC: the credits last a few requests, not ten.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(inference.post("/v1/chat/completions", bobsKey, CHAT_BODY).statusCode());
        }
        assertThat(statuses.getFirst()).isEqualTo(200);
        assertThat(statuses).contains(429);
        assertThat(statuses.indexOf(429)).isLessThanOrEqualTo((int) (credits / 2 / 6) + 1);
        assertThat(statuses.subList(statuses.indexOf(429), statuses.size())).containsOnly(429);
    }

    @Test
    @Order(9)
    void theRouteTableIsPublicAndShowsEachModelsPriceAndWhatTheRouterMeasured() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/inference/routes")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        var models = Json.MAPPER.readTree(response.body()).path("models");
        assertThat(models.size()).isEqualTo(2);
        var names = models.get(1);
        assertThat(names.path("model").asString()).isEqualTo(NamesChatModel.ID);
        assertThat(names.path("price_per_1k_tokens_micro_cc").asLong()).isEqualTo(Gateway.PRICES.per1k(NamesChatModel.ID));
        assertThat(names.path("kind").asString()).isEqualTo("chat");
        assertThat(models.get(0).path("kind").asString()).isEqualTo("embedding");
        assertThat(names.path("routes").size()).isEqualTo(2);
        Set<String> servers = new java.util.HashSet<>();
        names.path("routes").forEach(route -> {
            servers.add(route.path("provider").asString());
            assertThat(route.path("job").asString()).hasSize(64);
            assertThat(route.path("in_flight").asInt()).isZero();
        });
        assertThat(servers).containsExactlyInAnyOrder(providers.get(0).address().toString(), providers.get(1).address().toString());
        // The chats before this one were measured: at least one route has a time to first byte.
        assertThat(names.path("routes").valueStream().anyMatch(route -> route.path("first_byte_ms").isNumber())).isTrue();
        var embedder = models.get(0);
        assertThat(embedder.path("model").asString()).isEqualTo(MiniLmEmbeddingModel.ID);
        assertThat(embedder.path("routes").get(0).path("provider").asString()).isEqualTo(providers.get(2).address().toString());
    }

    @Test
    @Order(10)
    void aProviderKilledMidStreamEndsTheStreamCleanlyAndTheNextRequestGoesElsewhere() throws Exception {
        String body = Json.write(Map.of("model", NamesChatModel.ID, "stream", true, "n", 8, "max_tokens", 4096, "seed", 3,
                "messages", List.of(Map.of("role", "user", "content", "many names"))));
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Address serving = Address.parse(response.headers().firstValue(Gateway.PROVIDER_HEADER).orElseThrow());
        List<String> events = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            events.add(lines.readLine());
            providers.stream().filter(p -> p.address().equals(serving)).findFirst().orElseThrow().goesOffline();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty()) {
                    events.add(line);
                }
            }
        }
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        var error = Json.MAPPER.readTree(events.get(events.size() - 2).substring("data: ".length())).path("error");
        assertThat(error.path("code").asString()).isEqualTo("provider_failed");
        assertThat(error.path("type").asString()).isEqualTo("server_error");

        ChatCompletion next = client.chat().completions().create(chat(42).build());
        assertThat(next.choices().getFirst().message().content()).isPresent();
    }

    private static ChatCompletionCreateParams.Builder chat(long seed) {
        return ChatCompletionCreateParams.builder().model(NamesChatModel.ID).addUserMessage("Name a baby").seed(seed)
                .maxCompletionTokens(32).stop("\n");
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}
