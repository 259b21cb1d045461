package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.gateway.KeyRevocation;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The inference network in a {@link TestNetwork}: serving jobs, API keys, and a raw client for what an SDK hides. */
public final class Inference {

    /** How long a serving job runs in a test: longer than any test class. */
    public static final long SERVE_SECONDS = 900;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestNetwork network;

    public Inference(TestNetwork network) {
        this.network = network;
    }

    /** A {@code serve-model} spec for {@code model}, with a quickly trained names model. */
    public static JobSpec serving(String model) {
        return new JobSpec(ModelLoader.WORKLOAD, List.of("--model", model, "--seed", "7", "--steps", "100"), 1, SERVE_SECONDS,
                Tenant.DEFAULT_MAX_PRICE);
    }

    /** A {@code serve-model} spec for the model artifact {@code sha256}, served as {@code name-<hash>}. */
    public static JobSpec servingArtifact(String sha256, String name) {
        return new JobSpec(ModelLoader.WORKLOAD, List.of("--model-artifact", "sha256:" + sha256, "--name", name), 1, SERVE_SECONDS,
                Tenant.DEFAULT_MAX_PRICE);
    }

    /** {@code wallet} signs a key grant and the gateway answers with a key. */
    public String apiKey(String wallet) {
        return apiKey(wallet, 0);
    }

    /** As {@link #apiKey(String)}, for a key that may draw at most {@code limitMicroCc} (0: no limit of its own). */
    public String apiKey(String wallet, long limitMicroCc) {
        long nonce = System.nanoTime();
        KeyGrant grant = KeyGrant.sign(TestNetwork.key(wallet), network.networkId(), nonce, network.state().now() + 300, limitMicroCc);
        HttpResponse<String> response = post("/v1/api-keys", null, grantBody(grant));
        if (response.statusCode() != 201) {
            throw new AssertionError("no key: " + response.statusCode() + " " + response.body());
        }
        return Json.MAPPER.readTree(response.body()).path("key").asString();
    }

    public static String grantBody(KeyGrant grant) {
        return Json.write(grant.body());
    }

    public static String revocationBody(KeyRevocation revocation) {
        return Json.write(revocation.body());
    }

    /** Waits until a request for {@code model} is answered: the job is leased and its model loaded. */
    public void awaitServing(String key, String model, String path, String body) {
        Eventually.await(model + " served", Duration.ofSeconds(90), () -> post(path, key, body).statusCode() == 200);
    }

    public HttpResponse<String> post(String path, String key, String body) {
        return send(path, key, HttpRequest.BodyPublishers.ofString(body));
    }

    public HttpResponse<String> get(String path, String key) {
        return send(path, key, null);
    }

    private HttpResponse<String> send(String path, String key, HttpRequest.BodyPublisher body) {
        try {
            var request = HttpRequest.newBuilder(URI.create(network.url() + path)).header("Content-Type", "application/json");
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            request = body == null ? request.GET() : request.POST(body);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /v1/inference/usage} with {@code key}; an empty object while the key's rate limit refuses it (429). */
    public JsonNode usage(String key) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(network.url() + "/v1/inference/usage"))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 429) {
                return Json.MAPPER.createObjectNode();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("usage: " + response.statusCode() + " " + response.body());
            }
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
