package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.inference.serve.TinyLlama;
import dev.gridmint.workloads.gpt.Gpt;
import dev.gridmint.workloads.gpt.GptConfig;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.names.NamesDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Model artifacts served through the gateway: a tenant uploads the tiny Llama (run by Jlama) and a GPT export
 * (run by our own code) to the coordinator's artifact store, submits {@code serve-model --model-artifact}
 * jobs, and the providers fetch, hash-check, detect and serve them; the official OpenAI SDK is the client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelArtifactServingAcceptanceTest {

    private TestNetwork network;
    private OpenAIClient client;
    private Inference inference;
    private String key;
    private String llama;
    private String gpt;

    @BeforeAll
    void start(@TempDir Path dir) {
        network = TestNetwork.start(dir);
        network.provider("llama-host").start(1 * CC);
        network.provider("gpt-host").start(1 * CC);
        network.provider("spare").start(1 * CC);
        var bob = network.tenant("bob");
        llama = serve(bob, upload("bob", TinyLlama.archive(7), "tiny-llama.tar"), TinyLlama.NAME);
        int vocabulary = NamesDataset.bundled().vocabulary().size();
        byte[] export = new GptModel(NamesDataset.bundled().vocabulary(),
                Gpt.initialize(new GptConfig(vocabulary, 16, 16, 1, 2), new SplittableRandom(3))).toBytes();
        gpt = serve(bob, upload("bob", export, "names-gpt.gmgp"), "names-gpt");
        network.tenant("alice").buysCredits(5 * CC);
        inference = new Inference(network);
        key = inference.apiKey("alice");
        for (String model : List.of(llama, gpt)) {
            inference.awaitServing(key, model, "/v1/chat/completions",
                    "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}");
        }
        client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(network.url() + "/v1").maxRetries(0).build();
    }

    /** Submits the serving job and answers the id it will be served under. */
    private static String serve(Tenant tenant, String sha256, String name) {
        JobSpec spec = Inference.servingArtifact(sha256, name);
        tenant.submits(spec).awaitStatus("LEASED");
        return ModelLoader.modelOf(spec.args()).orElseThrow();
    }

    private String upload(String tenant, byte[] content, String name) {
        var view = network.client().uploadArtifact(TestNetwork.key(tenant), content, null, ArtifactKind.MODEL, name);
        assertThat(view.sha256()).isEqualTo(Hash.sha256(content).hex());
        return view.sha256();
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
    void theModelsAreListedUnderTheirNameAndHash() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains(llama, gpt);
        assertThat(llama).matches("tiny-llama-[0-9a-f]{12}");
        assertThat(gpt).matches("names-gpt-[0-9a-f]{12}");
    }

    @Test
    void theTinyLlamaAnswersTheSameForASeedStreamedOrNot() {
        ChatCompletion first = client.chat().completions().create(chat(llama, 42).build());
        ChatCompletion again = client.chat().completions().create(chat(llama, 42).build());
        String text = first.choices().getFirst().message().content().orElseThrow();
        assertThat(again.choices().getFirst().message().content()).hasValue(text);
        assertThat(first.usage().orElseThrow().completionTokens()).isBetween(1L, 12L);
        List<String> pieces = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat(llama, 42).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(pieces::add)));
        }
        assertThat(String.join("", pieces)).isEqualTo(text);
        var several = client.chat().completions().create(chat(llama, 42).n(2).build());
        assertThat(several.choices()).hasSize(2);
    }

    @Test
    void anArtifactModelsTokensAreMeteredAtTheArtifactPrice() {
        long before = drawn(inference.usage(key));
        ChatCompletion answer = client.chat().completions().create(chat(gpt, 5).build());
        long tokens = answer.usage().orElseThrow().totalTokens();

        // A whole answer is metered before it is sent.
        assertThat(Gateway.PRICES.per1k(gpt)).isPositive();
        assertThat(drawn(inference.usage(key))).isEqualTo(before + Gateway.PRICES.cost(gpt, tokens));
    }

    /** Micro-CC the wallet has drawn in all: settled, waiting for the ledger, or unpaid. */
    private static long drawn(JsonNode usage) {
        return usage.path("settled_micro_cc").asLong() + usage.path("pending_micro_cc").asLong() + usage.path("unpaid_micro_cc").asLong();
    }

    @Test
    void theGptExportAnswersWithNamesForASeed() {
        ChatCompletion first = client.chat().completions().create(chat(gpt, 9).temperature(1.0).topP(0.9).build());
        String text = first.choices().getFirst().message().content().orElseThrow();
        assertThat(text).matches("[a-z\n]*");
        assertThat(client.chat().completions().create(chat(gpt, 9).temperature(1.0).topP(0.9).build())
                .choices().getFirst().message().content()).hasValue(text);
    }

    @Test
    void anArtifactThatIsNoModelIsRefusedByTheProviderAndServesNothing() {
        String junk = upload("bob", "not a model at all".getBytes(java.nio.charset.StandardCharsets.UTF_8), "junk.bin");
        JobSpec spec = Inference.servingArtifact(junk, "junk");
        var job = network.tenant("bob").submits(spec);
        // The provider reports the failure (MODEL_FORMAT_UNKNOWN) and the lease goes back: the job queues again.
        Eventually.await("the junk artifact refused", java.time.Duration.ofSeconds(60),
                () -> job.view().attempts() >= 1 && job.status().equals("QUEUED"));
        assertThat(client.models().list().data().stream().map(Model::id)).doesNotContain(ModelLoader.modelOf(spec.args()).orElseThrow());
    }

    private static ChatCompletionCreateParams.Builder chat(String model, long seed) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Tell me something").seed(seed).maxCompletionTokens(12);
    }
}
