package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.Formats;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.gateway.KeyRevocation;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.inference.serve.TinyLlama;
import dev.gridmint.node.json.Json;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "The inference network's OpenAI-compatible gateway: keys, models and chat (see docs/inference.md).",
        subcommands = {InferCommand.Key.class, InferCommand.Keys.class, InferCommand.Revoke.class, InferCommand.Models.class,
                InferCommand.Chat.class, InferCommand.Embed.class, InferCommand.Serve.class, InferCommand.Usage.class,
                InferCommand.TinyLlamaModel.class})
final class InferCommand extends CommandGroup {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The gateway's API key, from --api-key or GRIDMINT_API_KEY. */
    static final class ApiKeyOption {
        @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:GRIDMINT_API_KEY}",
                description = "An API key from 'gridmint infer key' (default: $GRIDMINT_API_KEY).")
        String value;

        String require() {
            if (value == null || value.isBlank()) {
                throw new UserError("an API key is needed: --api-key or GRIDMINT_API_KEY (make one with 'gridmint infer key')");
            }
            return value;
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = {"Makes an API key for your wallet: the wallet signs a one-time grant, and the gateway answers with a key,",
                    "shown once. Requests with it draw on the wallet's compute credits, and with --limit on at most that much.",
                    "Example: export GRIDMINT_API_KEY=$(gridmint infer key --key alice.json --limit 5)"})
    static final class Key implements Callable<Integer> {

        @Mixin
        KeyOptions key;

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--limit", paramLabel = "CC", description = "The most the key may ever draw, in CC (default: no limit of its own; "
                + "the wallet's credits still bound it). Signed with the grant.")
        String limit;

        @Option(names = "--json", description = "Print {\"key\", \"wallet\", \"limit_micro_cc\", \"rate_limit\"} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = grant(coordinator, key.load(), limitMicroCc());
            if (json) {
                System.out.println(Json.write(answer));
            } else {
                System.out.println(answer.path("key").asString());
            }
            return 0;
        }

        private long limitMicroCc() {
            if (limit == null) {
                return 0;
            }
            try {
                long micro = Amounts.parseCredits(limit);
                if (micro > 0) {
                    return micro;
                }
            } catch (IllegalArgumentException e) {
                throw new UserError("--limit: " + e.getMessage());
            }
            throw new UserError("--limit must be above 0 CC (leave it out for no limit of its own)");
        }
    }

    /** A read of the gateway with an API key: its answer as JSON with {@code --json}, else {@link #print}. */
    abstract static class GatewayRead implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Mixin
        ApiKeyOption apiKey;

        @Option(names = "--json", description = "Print the gateway's answer as JSON.")
        boolean json;

        private final String path;

        GatewayRead(String path) {
            this.path = path;
        }

        abstract void print(JsonNode answer);

        @Override
        public Integer call() {
            JsonNode answer = send(coordinator, "GET", path, apiKey.require(), null);
            if (json) {
                System.out.println(Json.write(answer));
            } else {
                print(answer);
            }
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = {"Lists the live API keys of the given key's wallet: each key's id (the start of its SHA-256), when it",
                    "was made (ledger time) and what it has drawn. The key itself is never shown again; '*' marks the one asked with.",
                    "Example: gridmint infer keys --json"})
    static final class Keys extends GatewayRead {

        Keys() {
            super("/v1/api-keys");
        }

        @Override
        void print(JsonNode answer) {
            System.out.printf("wallet %s%n", answer.path("wallet").asString());
            System.out.printf("  %-12s %-35s %10s %10s %-18s %s%n", "ID", "CREATED", "TOKENS IN", "OUT", "DRAWN", "LIMIT");
            for (JsonNode key : answer.path("data")) {
                System.out.printf("%s %-12s %-35s %10d %10d %-18s %s%n", key.path("current").asBoolean() ? "*" : " ",
                        key.path("id").asString(), Formats.time(key.path("created").asLong()), key.path("prompt_tokens").asLong(),
                        key.path("completion_tokens").asLong(), Amounts.credits(key.path("micro_cc").asLong()), limitOf(key));
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revokes one of your wallet's API keys at once: the wallet signs the revocation, so a leaked key cannot",
                    "revoke your others. Name the key by its id from 'gridmint infer keys' (12 to 64 hex digits of its SHA-256)",
                    "or give the key itself. What it drew stays billed to the wallet.",
                    "Example: gridmint infer revoke 3f9a0c41b2d7 --key alice.json"})
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "KEY_ID|KEY", description = "The key's id, or the key (gm_...).")
        String named;

        @Mixin
        KeyOptions key;

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print {\"revoked\", \"sha256\", \"wallet\"} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            String keyId = named.startsWith("gm_") ? Hash.sha256(named.getBytes(StandardCharsets.UTF_8)).hex() : named.strip().toLowerCase(
                    java.util.Locale.ROOT);
            Keypair wallet = key.load();
            var ledger = coordinator.client().ledger();
            KeyRevocation revocation;
            try {
                revocation = KeyRevocation.sign(wallet, ledger.networkId(), keyId, new SecureRandom().nextLong() & Long.MAX_VALUE,
                        ledger.now() + 60);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            JsonNode answer = send(coordinator, "POST", "/v1/api-keys/revoke", null, Json.write(revocation.body()));
            System.out.println(json ? Json.write(answer) : "revoked " + answer.path("revoked").asString());
            return 0;
        }
    }

    @Command(name = "tiny-llama", mixinStandardHelpOptions = true,
            description = {"Makes the tiny Llama (random weights from --seed, a few layers, a character vocabulary): a tar of",
                    "config.json, tokenizer.json and model.safetensors that providers serve through Jlama. It writes it to",
                    "--out and/or uploads it to the coordinator's artifact store (--upload, with --key), and prints the",
                    "serve-model arguments that serve it. The same seed always gives the same bytes and hash.",
                    "Example: gridmint infer tiny-llama --upload --key bob.json"})
    static final class TinyLlamaModel implements Callable<Integer> {

        @Option(names = "--seed", defaultValue = "7", description = "Seed of the weights (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the archive to FILE.")
        Path out;

        @Option(names = "--upload", description = "Upload it as a model artifact (needs --key).")
        boolean upload;

        @Option(names = "--key", paramLabel = "FILE", description = "Keypair file of the uploader (with --upload).")
        Path keyFile;

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print {\"sha256\", \"size\", \"model\", \"args\", \"file\", \"uploaded\"} as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (!upload && out == null) {
                throw new UserError("nothing to do: give --out FILE, --upload (with --key), or both");
            }
            if (upload && keyFile == null) {
                throw new UserError("--upload needs --key FILE, the uploader's keypair");
            }
            byte[] archive = TinyLlama.archive(seed);
            String sha256 = Hash.sha256(archive).hex();
            if (out != null) {
                Files.write(out, archive);
            }
            if (upload) {
                coordinator.client().uploadArtifact(KeyOptions.loadKey(keyFile), archive, null, ArtifactKind.MODEL,
                        TinyLlama.NAME + "-seed" + seed + ".tar");
            }
            List<String> args = List.of("--model-artifact", "sha256:" + sha256, "--name", TinyLlama.NAME);
            String model = ModelLoader.modelOf(args).orElseThrow();
            if (json) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("sha256", sha256);
                answer.put("size", archive.length);
                answer.put("model", model);
                answer.put("args", args);
                answer.put("file", out == null ? null : out.toString());
                answer.put("uploaded", upload);
                System.out.println(Json.write(answer));
            } else {
                System.out.println("tiny Llama (seed " + seed + "): sha256:" + sha256 + ", " + archive.length + " bytes"
                        + (out == null ? "" : ", written to " + out) + (upload ? ", uploaded" : ""));
                System.out.println("serve it:  gridmint job submit --key KEY serve-model -- " + String.join(" ", args));
                System.out.println("served as: " + model);
            }
            return 0;
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the models served right now.")
    static final class Models extends GatewayRead {

        Models() {
            super("/v1/models");
        }

        @Override
        void print(JsonNode answer) {
            answer.path("data").forEach(model -> System.out.println(model.path("id").asString()));
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true,
            description = {"Shows what the key's wallet has drawn through the gateway: micro-CC settled by the ledger, pending",
                    "(metered, held against the wallet's credits until the next settlement) and unpaid, and the tokens;",
                    "then what the key asked with drew of it ('gridmint infer keys' lists every key of the wallet).",
                    "Example: gridmint infer usage --json"})
    static final class Usage extends GatewayRead {

        Usage() {
            super("/v1/inference/usage");
        }

        @Override
        void print(JsonNode answer) {
            System.out.printf("wallet     %s%n", answer.path("wallet").asString());
            System.out.printf("settled    %s%n", Amounts.credits(answer.path("settled_micro_cc").asLong()));
            System.out.printf("pending    %s%n", Amounts.credits(answer.path("pending_micro_cc").asLong()));
            System.out.printf("unpaid     %s%n", Amounts.credits(answer.path("unpaid_micro_cc").asLong()));
            System.out.printf("tokens     %d in, %d out%n", answer.path("prompt_tokens").asLong(), answer.path("completion_tokens").asLong());
            System.out.printf("last batch %d%n", answer.path("last_batch").asLong());
            JsonNode key = answer.path("key");
            System.out.printf("this key   %s…: %s, %d in, %d out; limit %s%n", key.path("sha256_prefix").asString(),
                    Amounts.credits(key.path("micro_cc").asLong()), key.path("prompt_tokens").asLong(), key.path("completion_tokens").asLong(),
                    limitOf(key));
        }
    }

    private static String limitOf(JsonNode key) {
        JsonNode limit = key.path("limit_micro_cc");
        return limit.isNumber() ? Amounts.credits(limit.asLong()) : "none";
    }

    @Command(name = "chat", mixinStandardHelpOptions = true,
            description = {"Sends one message and streams the answer to the terminal as it is generated. Without MESSAGE it holds a",
                    "conversation: each line read from standard input is the next message, sent with the turns before it; an empty",
                    "line or end of input ends it.",
                    "Example: gridmint infer chat \"Name a baby\" --seed 42 --stop '\\n'"})
    static final class Chat implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Mixin
        ApiKeyOption apiKey;

        @Parameters(paramLabel = "MESSAGE", arity = "0..1", description = "The message; leave it out for a conversation on standard input.")
        String message;

        @Option(names = "--model", defaultValue = NamesChatModel.ID, description = "The model (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--max-tokens", defaultValue = "64", description = "At most this many tokens (default ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--temperature", description = "0 (greedy) to 2.")
        Double temperature;

        @Option(names = "--seed", description = "Equal seeds give equal answers.")
        Long seed;

        @Option(names = "--stop", description = "Stop before this text; '\\n' is a new line.")
        String stop;

        @Option(names = "--json", description = "Wait for each whole answer and print the OpenAI chat completion as JSON (one line each).")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (message != null) {
                answer(List.of(turn("user", message)));
                return 0;
            }
            var history = new ArrayList<Map<String, String>>();
            var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            boolean interactive = System.console() != null;
            for (String line = prompt(input, interactive); line != null && !line.isBlank(); line = prompt(input, interactive)) {
                history.add(turn("user", line));
                history.add(turn("assistant", answer(history)));
            }
            return 0;
        }

        private static String prompt(BufferedReader input, boolean interactive) throws IOException {
            if (interactive) {
                System.out.print("> ");
                System.out.flush();
            }
            return input.readLine();
        }

        private static Map<String, String> turn(String role, String content) {
            return Map.of("role", role, "content", content);
        }

        /** Sends the conversation so far, prints the answer (streamed, or as JSON) and returns its text. */
        private String answer(List<Map<String, String>> messages) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("model", model);
            body.put("messages", messages);
            body.put("max_tokens", maxTokens);
            if (temperature != null) {
                body.put("temperature", temperature);
            }
            if (seed != null) {
                body.put("seed", seed);
            }
            if (stop != null) {
                body.put("stop", stop.replace("\\n", "\n"));
            }
            if (json) {
                JsonNode completion = send(coordinator, "POST", "/v1/chat/completions", apiKey.require(), Json.write(body));
                System.out.println(Json.write(completion));
                return completion.path("choices").path(0).path("message").path("content").asString("");
            }
            body.put("stream", true);
            HttpResponse<InputStream> response = exchange(coordinator, "POST", "/v1/chat/completions", apiKey.require(), Json.write(body),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw refusal(new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            var text = new StringBuilder();
            List<String> errors = new ArrayList<>();
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && !line.equals("data: [DONE]"); line = lines.readLine()) {
                    if (line.startsWith("data: ")) {
                        JsonNode event = Json.MAPPER.readTree(line.substring(6));
                        event.path("choices").forEach(choice -> text.append(print(choice.path("delta").path("content").asString(""))));
                        System.out.flush();
                        if (event.has("error")) {
                            errors.add(event.path("error").path("message").asString());
                        }
                    }
                }
            }
            System.out.println();
            if (!errors.isEmpty()) {
                throw new UserError("the stream broke: " + errors.getFirst());
            }
            return text.toString();
        }

        private static String print(String piece) {
            System.out.print(piece);
            return piece;
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = {"Embeds one text and prints its vector on one line, comma-separated (its size and tokens go to stderr).",
                    "Example: gridmint infer embed \"a dataset of baby names\" > vector.csv"})
    static final class Embed implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Mixin
        ApiKeyOption apiKey;

        @Parameters(paramLabel = "TEXT")
        String text;

        @Option(names = "--model", defaultValue = MiniLmEmbeddingModel.ID, description = "The embedding model (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--json", description = "Print the OpenAI embedding list as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = send(coordinator, "POST", "/v1/embeddings", apiKey.require(), Json.write(Map.of("model", model, "input", text)));
            if (json) {
                System.out.println(Json.write(answer));
                return 0;
            }
            JsonNode vector = answer.path("data").path(0).path("embedding");
            var values = new ArrayList<String>(vector.size());
            vector.forEach(value -> values.add(Float.toString(value.floatValue())));
            System.out.println(String.join(",", values));
            System.err.printf("%s: %d dimensions, %d tokens%n", answer.path("model").asString(model), vector.size(),
                    answer.path("usage").path("prompt_tokens").asLong());
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Puts a model on the network: orders a serve-model job (escrow from your credits, as 'job submit'),",
                    "waits until the gateway lists the model in /v1/models, and prints its id.",
                    "Models: gridmint-names, all-minilm-l6-v2 (see docs/inference.md).",
                    "Example: gridmint infer serve --key me.json gridmint-names --max-seconds 3600 -- --seed 7 --steps 300"})
    static final class Serve implements Callable<Integer> {

        @Mixin
        KeyOptions key;

        @Mixin
        CoordinatorOptions coordinator;

        @Mixin
        ApiKeyOption apiKey;

        @Parameters(index = "0", paramLabel = "MODEL", description = "The model to serve.")
        String model;

        @Parameters(index = "1..*", paramLabel = "ARG", description = "More serve-model arguments, after -- (such as --seed 7 --steps 300).")
        List<String> args = new ArrayList<>();

        @Option(names = "--devices", defaultValue = "1", description = "Devices on one node (default ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--max-seconds", defaultValue = "3600", description = "How long it serves, billed as it runs (default ${DEFAULT-VALUE}).")
        long maxSeconds;

        @Option(names = "--max-price", defaultValue = "2.0", paramLabel = "CC",
                description = "Most you pay per device-hour, in compute credits (default ${DEFAULT-VALUE}).")
        String maxPrice;

        @Mixin
        RequirementOptions requirements;

        @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
                description = "How long to wait for the model to be listed (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--json", description = "Print {\"model\", \"job_id\", \"provider\", \"api_url\"} as JSON.")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            if (!dev.gridmint.node.inference.serve.ModelLoader.models().contains(model)) {
                throw new UserError("unknown model '" + model + "'; known: " + dev.gridmint.node.inference.serve.ModelLoader.models());
            }
            if (timeoutSeconds < 1 || timeoutSeconds > 3_600) {
                throw new UserError("--timeout must be 1 to 3600 seconds");
            }
            dev.gridmint.core.state.JobSpec spec;
            try {
                List<String> all = new ArrayList<>(List.of("--model", model));
                all.addAll(args);
                spec = new dev.gridmint.core.state.JobSpec(dev.gridmint.node.inference.serve.ModelLoader.WORKLOAD, all, devices, maxSeconds,
                        dev.gridmint.cli.output.Amounts.parseCredits(maxPrice), requirements.toRequirements());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            var client = coordinator.client();
            var jobId = JobCommand.order(client, key, spec);
            if (!json) {
                System.err.println("Job " + jobId.hex() + " ordered; waiting for a provider to serve " + model + " ...");
            }
            // Listing /v1/models needs a key: the one given, or a fresh one for the serving wallet.
            String bearer = apiKey.value != null && !apiKey.value.isBlank() ? apiKey.value : newKey(coordinator, key.load());
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (true) {
                var job = client.job(jobId);
                if (!List.of("OPEN", "LEASED").contains(job.status())) {
                    throw new UserError("job " + jobId.hex() + " is " + job.status() + " before serving " + model);
                }
                if (job.status().equals("LEASED") && listed(coordinator, bearer, model)) {
                    if (json) {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("model", model);
                        out.put("job_id", jobId.hex());
                        out.put("provider", job.lease() == null ? null : job.lease().provider());
                        out.put("api_url", client.baseUrl() + "/v1");
                        System.out.println(Json.write(out));
                    } else {
                        System.out.println(model);
                    }
                    return 0;
                }
                if (System.nanoTime() > deadline) {
                    throw new UserError("job " + jobId.hex() + " is " + job.status() + " and " + model + " is not listed after "
                            + timeoutSeconds + " s; the job stays ordered (gridmint job status " + jobId.hex() + ")");
                }
                Thread.sleep(500);
            }
        }

        private static boolean listed(CoordinatorOptions coordinator, String bearer, String model) {
            JsonNode list = send(coordinator, "GET", "/v1/models", bearer, null);
            for (JsonNode entry : list.path("data")) {
                if (entry.path("id").asString().equals(model)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A fresh API key for {@code wallet}: it signs a one-time grant and the gateway answers with the key. */
    static String newKey(CoordinatorOptions coordinator, Keypair wallet) {
        return grant(coordinator, wallet, 0).path("key").asString();
    }

    /**
     * The gateway's answer to a one-time key grant signed by {@code wallet} for a key that may draw at most
     * {@code limitMicroCc} (0: no limit of its own): {@code key}, {@code wallet}, {@code rate_limit}.
     */
    private static JsonNode grant(CoordinatorOptions coordinator, Keypair wallet, long limitMicroCc) {
        var ledger = coordinator.client().ledger();
        KeyGrant grant = KeyGrant.sign(wallet, ledger.networkId(), new SecureRandom().nextLong() & Long.MAX_VALUE, ledger.now() + 60,
                limitMicroCc);
        return send(coordinator, "POST", "/v1/api-keys", null, Json.write(grant.body()));
    }

    private static JsonNode send(CoordinatorOptions coordinator, String method, String path, String apiKey, String body) {
        HttpResponse<String> response = exchange(coordinator, method, path, apiKey, body, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.body());
        }
        return Json.MAPPER.readTree(response.body());
    }

    private static <T> HttpResponse<T> exchange(CoordinatorOptions coordinator, String method, String path, String apiKey, String body,
            HttpResponse.BodyHandler<T> handler) {
        var request = HttpRequest.newBuilder(URI.create(coordinator.client().baseUrl().replaceFirst("/+$", "") + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return HTTP.send(request.build(), handler);
        } catch (IOException e) {
            throw new UserError("cannot reach the coordinator: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    private static UserError refusal(String body) {
        try {
            JsonNode error = Json.MAPPER.readTree(body).path("error");
            return new UserError(error.path("code").asString() + ": " + error.path("message").asString());
        } catch (RuntimeException notJson) {
            return new UserError("the gateway refused: " + body);
        }
    }
}
