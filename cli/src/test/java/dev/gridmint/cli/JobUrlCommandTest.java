package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.PortAccess;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class JobUrlCommandTest {

    @TempDir
    Path dir;

    @Test
    void theUrlCarriesAPassTheCoordinatorAcceptsForThatJobAndPort() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            JobHandle job = network.tenant("alice").submitsTraining(100);
            Path key = dir.resolve("alice.json");
            KeypairFile.write(key, TestNetwork.key("alice"));

            CliRun run = CliRun.of("job", "url", job.id().hex(), "--port", "8080", "--ttl", "2h", "--key", key.toString(),
                    "--coordinator", network.url(), "--json");

            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode out = Json.MAPPER.readTree(run.out());
            String url = out.path("url").asString();
            assertThat(url).startsWith(network.url() + "/v1/jobs/" + job.id().hex() + "/ports/8080/?access=");
            PortAccess pass = PortAccess.parse(URLDecoder.decode(url.substring(url.indexOf("access=") + 7), StandardCharsets.UTF_8))
                    .orElseThrow();
            assertThat(pass.signedFor(network.networkId(), job.id(), 8080)).isTrue();
            assertThat(pass.expires()).isEqualTo(out.path("expires").asLong()).isEqualTo(network.state().clock().now() + 7_200);
            // No provider took the job, so the pass gets past the tenant check and stops at the job's state.
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(response.body()).path("code").asString()).isEqualTo("JOB_NOT_RUNNING");
        }
    }

    @Test
    void badArgumentsAreUserErrorsBeforeAnythingIsSent() {
        assertThat(CliRun.of("job", "url", "nope", "--port", "8080", "--key", "k.json", "--coordinator", "http://127.0.0.1:1").err())
                .contains("64 hex");
        assertThat(CliRun.of("job", "url", "a".repeat(64), "--port", "0", "--key", "k.json", "--coordinator", "http://127.0.0.1:1").err())
                .contains("--port");
        assertThat(CliRun.of("job", "url", "a".repeat(64), "--port", "80", "--ttl", "8d", "--key", "k.json").err()).contains("7d");
        assertThat(CliRun.of("job", "url", "--help").out()).contains("--ttl").contains("--port");
    }

    @Test
    void lifetimesReadLikePeopleWriteThem() {
        assertThat(JobUrlCommand.lifetimeSeconds("30m")).isEqualTo(1_800);
        assertThat(JobUrlCommand.lifetimeSeconds("2h")).isEqualTo(7_200);
        assertThat(JobUrlCommand.lifetimeSeconds("7d")).isEqualTo(PortAccess.MAX_LIFETIME_SECONDS);
        assertThat(JobUrlCommand.lifetimeSeconds("PT90S")).isEqualTo(90);
        assertThatThrownBy(() -> JobUrlCommand.lifetimeSeconds("0s")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> JobUrlCommand.lifetimeSeconds("soon")).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> JobUrlCommand.lifetimeSeconds("99999999999999999999d")).isInstanceOf(UserError.class);
    }
}
