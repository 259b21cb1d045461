package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.gateway.Hedging;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hedging against a real slow provider: the cheaper of two providers serving the names model answers
 * every request {@link Cheat#SLOW_SERVICE_DELAY} late, so the gateway tries it first; a hedge sends the
 * request to the other provider, whose answer wins. Without hedging the client waits for the slow one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HedgingAcceptanceTest {

    private static final String BODY = """
            {"model":"gridmint-names","messages":[{"role":"user","content":"a name"}],"max_tokens":8,"seed":11}""";

    private TestNetwork network;
    private ProviderNode slow;
    private ProviderNode quick;
    private String key;

    @BeforeAll
    void start(@TempDir Path dir) {
        network = TestNetwork.start(dir);
        // The slow one is cheaper: with neither measured yet, the router tries it first.
        slow = network.provider("slow").startCheating(Cheat.SLOW_SERVICE, CC / 2);
        quick = network.provider("quick").start(1 * CC);
        var operator = network.tenant("bob");
        JobHandle onSlow = operator.submits(Inference.serving(NamesChatModel.ID));
        onSlow.awaitStatus("LEASED");
        JobHandle onQuick = operator.submits(Inference.serving(NamesChatModel.ID));
        onQuick.awaitStatus("LEASED");
        // Loaded, without a request through the gateway: a measured answer time would reorder the routes.
        Eventually.await("both models loaded", Duration.ofSeconds(90),
                () -> slow.servingPort(onSlow).isPresent() && quick.servingPort(onQuick).isPresent());
        network.tenant("alice").buysCredits(5 * CC);
        key = new Inference(network).apiKey("alice");
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void aSilentProviderIsHedgedAndTheOtherAnswers() throws Exception {
        HttpResponse<String> response = chat("250");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Gateway.PROVIDER_HEADER)).hasValue(quick.address().toString());
        assertThat(response.headers().firstValue(Hedging.HEDGED_HEADER)).hasValue("true");
        var answer = Json.MAPPER.readTree(response.body());
        assertThat(answer.path("choices").get(0).path("message").path("content").asString()).isNotEmpty();
        assertThat(answer.path("usage").path("completion_tokens").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void withHedgingOffTheClientWaitsForTheSlowProvider() throws Exception {
        HttpResponse<String> response = chat("off");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Gateway.PROVIDER_HEADER)).hasValue(slow.address().toString());
        assertThat(response.headers().firstValue(Hedging.HEDGED_HEADER)).isEmpty();
    }

    @Test
    @Order(3)
    void aBadHedgeHeaderIsRefused() throws Exception {
        HttpResponse<String> response = chat("soon");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).path("error").path("message").asString()).contains(Hedging.HEADER);
    }

    private HttpResponse<String> chat(String hedge) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json").header(Hedging.HEADER, hedge)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
