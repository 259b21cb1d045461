package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.InferenceCharge;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Metered tokens are settled through the ledger: after chat and embedding requests, a real coordinator's settler moves
 * exactly the metered credits from the wallet to the providers that served them (burned, paid in GRID less the
 * protocol fee), once; after a coordinator restart the same key still works and nothing is charged twice.
 */
class InferenceSettlementAcceptanceTest {

    private static final String CHAT_BODY = """
            {"model":"gridmint-names","messages":[{"role":"user","content":"a name"}],"max_tokens":12,"seed":%d}""";
    private static final String EMBED_BODY = """
            {"model":"all-minilm-l6-v2","input":["a cat","a kitten on a mat"]}""";

    /** Micro-CC the test expects charged, per (provider, model), summed request by request as the gateway prices them. */
    private final Map<String, Long> expected = new HashMap<>();
    private long expectedTotal;

    @Test
    void meteredTokensMoveFromTheWalletToTheServingProvidersOnceEvenAcrossARestart(@TempDir Path dir) {
        try (var network = TestNetwork.builder().inferenceSettleInterval(Duration.ofMillis(500))
                .fund("carol", TestNetwork.DEFAULT_TENANT_FUNDS).start(dir)) {
            network.provider("names-1").start(1 * CC);
            network.provider("embedder").start(1 * CC);
            var operator = network.tenant("bob");
            operator.submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
            operator.submits(Inference.serving(MiniLmEmbeddingModel.ID)).awaitStatus("LEASED");
            network.tenant("carol").buysCredits(CC);
            network.tenant("alice").buysCredits(5 * CC);
            var inference = new Inference(network);
            // Carol's key waits for the models to load, so that only the test's own requests are alice's.
            String carols = inference.apiKey("carol");
            inference.awaitServing(carols, NamesChatModel.ID, "/v1/chat/completions", CHAT_BODY.formatted(1));
            inference.awaitServing(carols, MiniLmEmbeddingModel.ID, "/v1/embeddings", EMBED_BODY);

            String key = inference.apiKey("alice");
            long creditsBefore = network.creditsOf("alice");
            for (int seed = 1; seed <= 4; seed++) {
                meter(inference.post("/v1/chat/completions", key, CHAT_BODY.formatted(seed)), NamesChatModel.ID);
            }
            meter(inference.post("/v1/embeddings", key, EMBED_BODY), MiniLmEmbeddingModel.ID);
            meter(inference.post("/v1/embeddings", key, EMBED_BODY), MiniLmEmbeddingModel.ID);
            assertThat(expectedTotal).isPositive();

            JsonNode usage = awaitSettled(network, key);
            assertThat(usage.path("settled_micro_cc").asLong()).isEqualTo(expectedTotal);
            assertThat(usage.path("unpaid_micro_cc").asLong()).isZero();
            assertThat(network.creditsOf("alice")).isEqualTo(creditsBefore - expectedTotal);
            assertSettledOnceAsMetered(network, creditsBefore);

            // One more request, then a restart: the same key works and what was metered is settled exactly once.
            meter(inference.post("/v1/chat/completions", key, CHAT_BODY.formatted(9)), NamesChatModel.ID);
            network.restartCoordinator();
            Eventually.await("the names model served again with the same key", Duration.ofSeconds(90), () -> {
                var answer = inference.post("/v1/chat/completions", key, CHAT_BODY.formatted(10));
                if (answer.statusCode() == 200) {
                    meter(answer, NamesChatModel.ID);
                }
                return answer.statusCode() == 200;
            });
            usage = awaitSettled(network, key);
            assertThat(usage.path("settled_micro_cc").asLong()).isEqualTo(expectedTotal);
            assertThat(network.creditsOf("alice")).isEqualTo(creditsBefore - expectedTotal);
            assertSettledOnceAsMetered(network, creditsBefore);
            // alice drew it all with this one key, and the key's own tally survived the restart.
            assertThat(usage.path("key").path("micro_cc").asLong()).isEqualTo(expectedTotal);
        }
    }

    /** Adds a served request's cost, at the gateway's price for its model, to what the serving provider should get. */
    private void meter(HttpResponse<String> response, String model) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode usage = Json.MAPPER.readTree(response.body()).path("usage");
        long tokens = usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong();
        long cost = Gateway.PRICES.cost(model, tokens);
        String provider = response.headers().firstValue(Gateway.PROVIDER_HEADER).orElseThrow();
        expected.merge(provider + "/" + model, cost, Long::sum);
        expectedTotal += cost;
    }

    private static JsonNode awaitSettled(TestNetwork network, String key) {
        return Eventually.await("alice's usage settled", Duration.ofSeconds(30), () -> new Inference(network).usage(key),
                usage -> usage.path("pending_micro_cc").asLong() == 0 && usage.path("settled_micro_cc").asLong() > 0);
    }

    /**
     * Replays the log: alice's entries in the settlement batches add up to exactly what was metered, per provider and
     * model; each batch number appears once; and at each batch the providers were paid its credits less the fee, in GRID.
     */
    private void assertSettledOnceAsMetered(TestNetwork network, long creditsBefore) {
        Address alice = TestNetwork.address("alice");
        int feeBps = network.params().credits().protocolFeeBps();
        Map<String, Long> settled = new HashMap<>();
        List<Long> batches = new java.util.ArrayList<>();
        LedgerState state = LedgerState.empty();
        for (SignedTx tx : network.transactions()) {
            LedgerState after = ((Applied) StateTransition.apply(state, tx)).state();
            if (tx.payload() instanceof SettleInference batch) {
                batches.add(batch.batch());
                Map<Address, Long> paid = new HashMap<>();
                for (InferenceCharge entry : batch.entries()) {
                    if (entry.payer().equals(alice)) {
                        settled.merge(entry.provider() + "/" + entry.model(), entry.credits(), Long::sum);
                    }
                    paid.merge(entry.provider(), network.gridForSettlement(entry.credits() - Pricing.fee(entry.credits(), feeBps)), Long::sum);
                }
                for (var provider : paid.entrySet()) {
                    assertThat(after.account(provider.getKey()).balance() - state.account(provider.getKey()).balance())
                            .as("GRID paid to " + provider.getKey() + " by batch " + batch.batch()).isEqualTo(provider.getValue());
                }
            }
            state = after;
        }
        assertThat(batches).doesNotHaveDuplicates();
        assertThat(settled).isEqualTo(expected);
        assertThat(state.account(alice).credits()).isEqualTo(creditsBefore - expectedTotal);
    }
}
