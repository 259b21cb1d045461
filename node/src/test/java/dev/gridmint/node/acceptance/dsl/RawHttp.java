package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.node.api.ApiError;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * HTTP without the typed client: any body to any path, answered with the status and body as the
 * coordinator sent them. For the inputs a well-behaved client never sends.
 */
public final class RawHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response as it came. */
    public record Response(int status, String body) {
        /** The body as an {@link ApiError}; fails the test if it is not one. */
        public ApiError error() {
            try {
                return Json.MAPPER.readValue(body, ApiError.class);
            } catch (RuntimeException e) {
                throw new AssertionError("not an API error body (status " + status + "): " + body, e);
            }
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RawHttp(String base) {
        this.base = base;
    }

    /** {@code POST /v1/tx} with this exact body, as JSON. */
    public Response postTx(String body) {
        return post("/v1/tx", HttpRequest.BodyPublishers.ofString(body));
    }

    /** {@code POST /v1/tx} with these bytes in the {@code tx} field, whatever they are. */
    public Response postTxBytes(byte[] tx) {
        return postTx("{\"tx\":\"" + Base64.getEncoder().encodeToString(tx) + "\"}");
    }

    public Response postTx(SignedTx tx) {
        return postTxBytes(tx.encode());
    }

    public Response post(String path, HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(body));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
