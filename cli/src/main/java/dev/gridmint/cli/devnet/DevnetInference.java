package dev.gridmint.cli.devnet;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The inference network on a devnet: each model in {@link #MODELS} gets a provider of its own (in the
 * {@value #REGION} region, so the demo training job keeps the other providers), a {@code serve-model} job
 * ordered by alice, and a first call through the gateway; alice gets an API key for her credits.
 */
final class DevnetInference {

    /** The region of the providers that serve the models; the serving jobs ask for it. */
    static final String REGION = "devnet-inference";
    static final String PRICE = "1.0";
    /** An inference provider's heap: MiniLM's ONNX weights (90 MB, read whole) do not load in the 256 MB of the others. */
    static final String HEAP = "640m";
    /** How long a serving job runs: as long as a devnet is likely to stay up. */
    static final long SERVE_SECONDS = 24L * 3600;

    /** One model the devnet serves, and a request that shows it answering. */
    record Model(String kind, String id, List<String> args, String path, String probe) {

        /** The curl line that calls it, for the user to copy. */
        String curl(String apiUrl) {
            return "curl -s " + apiUrl + path + " -H \"Authorization: Bearer $GRIDMINT_API_KEY\" -H 'Content-Type: application/json' -d '"
                    + probe + "'";
        }
    }

    /** What the devnet serves; a new model is a new line here (it gets its own provider). */
    static final List<Model> MODELS = List.of(
            new Model("chat", NamesChatModel.ID, List.of("--model", NamesChatModel.ID, "--seed", "7", "--steps", "300"),
                    "/v1/chat/completions",
                    "{\"model\":\"" + NamesChatModel.ID + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Name a baby\"}],\"stop\":\"\\n\"}"),
            new Model("embedding", MiniLmEmbeddingModel.ID, List.of("--model", MiniLmEmbeddingModel.ID), "/v1/embeddings",
                    "{\"model\":\"" + MiniLmEmbeddingModel.ID + "\",\"input\":[\"a cat\",\"a kitten\"]}"));

    /** The network serving: the key and the models, for the ready line. */
    record Serving(String apiKey, String chatModel, String embeddingModel) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DevnetInference() {}

    static String providerName(int index) {
        return "inference-" + (index + 1);
    }

    /** A serving job for {@code model}, on the inference providers only. */
    static JobSpec spec(Model model, long maxPrice) {
        return new JobSpec(ModelLoader.WORKLOAD, model.args(), 1, SERVE_SECONDS, maxPrice,
                new JobRequirements(List.of(), 0, List.of(REGION), List.of(), false, 0, 0, 0));
    }

    /** Orders one serving job per model from {@code tenant}; their ids. */
    static List<Hash> order(CoordinatorClient client, Keypair tenant, long maxPrice) {
        List<Hash> jobs = new ArrayList<>();
        for (Model model : MODELS) {
            JobSpec spec = spec(model, maxPrice);
            jobs.add(Hash.parse(client.signAndSubmit(tenant, new SubmitJob(spec, spec.worstCaseCost())).txHash()));
        }
        return jobs;
    }

    static long escrow(long maxPrice) {
        return MODELS.stream().mapToLong(model -> spec(model, maxPrice).worstCaseCost()).sum();
    }

    /** {@code wallet} signs a key grant and the gateway answers with an API key. */
    static String apiKey(CoordinatorClient client, Keypair wallet) {
        var ledger = client.ledger();
        KeyGrant grant = KeyGrant.sign(wallet, ledger.networkId(), new SecureRandom().nextLong() & Long.MAX_VALUE, ledger.now() + 60);
        HttpResponse<String> response = post(client.baseUrl() + "/v1/api-keys", null, Json.write(grant.body()));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("the gateway refused alice's key grant: " + response.body());
        }
        return Json.MAPPER.readTree(response.body()).path("key").asString();
    }

    /** True when {@code model} answers its probe through the gateway. */
    static boolean answers(CoordinatorClient client, String apiKey, Model model) {
        return post(client.baseUrl() + model.path(), apiKey, model.probe()).statusCode() == 200;
    }

    static Serving serving(String apiKey) {
        return new Serving(apiKey, first("chat"), first("embedding"));
    }

    private static String first(String kind) {
        return MODELS.stream().filter(model -> model.kind().equals(kind)).map(Model::id).findFirst().orElse(null);
    }

    private static HttpResponse<String> post(String url, String apiKey, String body) {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
