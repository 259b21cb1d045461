package dev.gridmint.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code ./gridmint devnet --ci --json} exactly as a user would, as a process, and checks the
 * JSON object it prints last. It needs the packaged jar, so it runs in the integration-test phase
 * (the {@code slow} profile).
 */
class DevnetIT {

    @TempDir
    Path workDir;

    @Test
    void devnetTrainsAModelPaysItsProviderAndReplaysToTheSameRoot() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path output = workDir.resolve("stdout.txt");
        // The same run also takes one container job where podman is installed (CI installs it): a second devnet costs minutes.
        boolean podman = podmanInstalled();
        if (!podman) {
            System.err.println("SKIPPED devnet --container-job: podman is not installed (run shared/tools/setup-podman.sh)");
        }
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("gridmint").toString(), "devnet", "--ci", "--json",
                "--dir", workDir.resolve("net").toString(), "--port", "0"));
        if (podman) {
            command.add("--container-job");
        }
        var process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectOutput(output.toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(workDir.resolve("stderr.txt"));
        assertThat(exited).as("devnet exits by itself with --ci; stderr:%n%s", stderr).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();

        List<String> lines = Files.readAllLines(output);
        assertThat(lines).isNotEmpty();
        JsonNode report = Json.MAPPER.readTree(lines.getLast());
        assertThat(report.path("jobs_submitted").asInt()).isEqualTo(1);
        assertThat(report.path("jobs_completed").asInt()).isEqualTo(1);
        assertThat(report.path("providers").asInt()).isEqualTo(3);
        assertThat(report.path("state_root").asString()).hasSize(64);
        assertThat(report.path("replayed_state_root").asString()).isEqualTo(report.path("state_root").asString());
        assertThat(report.path("supply_conserved").asBoolean()).isTrue();
        assertThat(report.path("elapsed_ms").asLong()).isPositive();
        assertThat(report.path("console_url").asString()).isEqualTo(report.path("api_url").asString() + "/");
        assertThat(report.path("final_val_loss").asDouble()).as("the model learned something").isLessThan(2.6);

        JsonNode earnings = report.path("provider_earnings");
        assertThat(earnings.size()).isEqualTo(3);
        long earned = 0;
        for (var entry : earnings.properties()) {
            Address.parse(entry.getKey());
            earned += entry.getValue().asLong();
        }
        // The provider is paid in GRID out of the vault at the oracle price, lease period by lease
        // period, each payout rounded down: at most a micro-GRID short per period billed.
        long providerCredits = report.path("charged").asLong() - report.path("protocol_fee").asLong();
        long exact = providerCredits * 1_000_000L / report.path("oracle_price").asLong();
        assertThat(earned).as("the charge less the protocol fee, in GRID at the oracle price")
                .isBetween(exact - 200, exact)
                .isPositive();
        assertThat(report.path("credits_bought").asLong()).isEqualTo(
                report.path("charged").asLong() + report.path("refunded").asLong());
        assertThat(report.path("supply").path("creditsOutstanding").asLong())
                .as("only alice's refunded credits are left; everything billed was burned")
                .isEqualTo(report.path("refunded").asLong());
        assertThat(earnings.path(report.path("job_provider").asString()).asLong()).isEqualTo(earned);
        if (podman) {
            assertThat(report.path("container_job_ok").asBoolean()).as("the container job's log came back and it was billed").isTrue();
            assertThat(report.path("container_log_tail").toString()).contains("hello from a gridmint container");
            assertThat(report.path("container_billed_cc").asLong()).isPositive();
        } else {
            assertThat(report.has("container_job_ok")).isFalse();
        }
    }

    private static boolean podmanInstalled() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("podman", "--version").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> post(String url, String apiKey, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Without {@code --ci}, {@code --json} announces the network once it is up and its models answer, with the
     * console's address and alice's API key, and keeps serving: what the console's browser test starts from.
     */
    @Test
    void devnetJsonAnnouncesItsConsoleWhenReadyAndKeepsServing() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        var process = new ProcessBuilder(List.of(root.resolve("gridmint").toString(), "devnet", "--json",
                        "--dir", workDir.resolve("net").toString(), "--port", "0", "--providers", "1", "--steps", "20"))
                .directory(root.toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile())
                .start();
        // Reading its output blocks: a devnet that never gets ready is stopped, which ends the read.
        CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES).execute(process::destroyForcibly);
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode ready = Json.MAPPER.readTree(lines.readLine());
            assertThat(ready.path("event").asString()).isEqualTo("ready");
            String consoleUrl = ready.path("console_url").asString();
            assertThat(consoleUrl).isEqualTo(ready.path("api_url").asString() + "/");

            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(consoleUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"app\"></div>");

            // The inference network is ready too: alice's key calls both models through the gateway.
            String apiKey = ready.path("api_key").asString();
            assertThat(apiKey).startsWith("gm_");
            assertThat(ready.path("chat_model").asString()).isEqualTo("gridmint-names");
            assertThat(ready.path("embedding_model").asString()).isEqualTo("all-minilm-l6-v2");
            String api = ready.path("api_url").asString();
            var chat = post(api + "/v1/chat/completions", apiKey, "{\"model\":\"" + ready.path("chat_model").asString()
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Name a baby\"}],\"stop\":\"\\n\"}");
            assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
            // Unseeded, the first character drawn may be the stop itself: the answer is there, maybe empty, and billed.
            assertThat(Json.MAPPER.readTree(chat.body()).path("choices").path(0).path("message").path("role").asString())
                    .isEqualTo("assistant");
            assertThat(Json.MAPPER.readTree(chat.body()).path("usage").path("completion_tokens").asLong()).isPositive();
            var embedding = post(api + "/v1/embeddings", apiKey, "{\"model\":\"" + ready.path("embedding_model").asString()
                    + "\",\"input\":\"a cat\"}");
            assertThat(embedding.statusCode()).as(embedding.body()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(embedding.body()).path("data").path(0).path("embedding").size()).isEqualTo(384);

            JsonNode report = Json.MAPPER.readTree(lines.readLine());
            assertThat(report.path("jobs_completed").asInt()).isEqualTo(1);
            assertThat(process.isAlive()).as("the network keeps serving after its report").isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("devnet stops on SIGTERM; stderr:%n%s",
                    Files.readString(workDir.resolve("stderr.txt"))).isTrue();
        }
    }
}
