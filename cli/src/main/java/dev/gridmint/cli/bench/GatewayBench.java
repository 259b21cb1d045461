package dev.gridmint.cli.bench;

import ch.qos.logback.classic.Level;
import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.ProviderAgent;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.coordinator.Coordinator;
import dev.gridmint.node.coordinator.CoordinatorConfig;
import dev.gridmint.node.coordinator.PriceFeed;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.gateway.KeyGrant;
import dev.gridmint.node.inference.serve.ModelLoader;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The inference gateway's overhead, measured: a coordinator and a provider agent in this JVM, the
 * provider serving {@code gridmint-names}, and the same streamed chat request sent directly to the
 * provider's model server (loopback HTTP) and through the gateway (loopback HTTP to the coordinator,
 * then the port tunnel over the agent's WebSocket). The latency phase interleaves the two paths from a
 * few clients, so both see the same machine; the load phase then holds {@code --streams} concurrent
 * streaming clients on the gateway and counts errors and tokens.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"The OpenAI gateway's overhead: one model called directly on the provider and through the gateway,",
                "then --streams concurrent streaming clients through the gateway. Prints p50/p99 of both paths, the overhead,",
                "errors and tokens/s (see docs/BENCHMARKS.md)."})
final class GatewayBench implements Callable<Integer> {

    static final String NETWORK = "gridmint-bench-gateway";
    private static final long GRID_PRICE = 1_250_000;
    /** A key's rate-limit burst is 20: every client keeps under it, so the bench measures the path, not the limiter. */
    static final int USES_PER_KEY = 15;
    private static final String PROMPT = "a name";

    @Option(names = "--streams", defaultValue = "256", description = "Concurrent streaming clients in the load phase (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--requests", defaultValue = "4", description = "Streamed requests each load client makes, 1..15 (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--samples", defaultValue = "400", description = "Latency samples per path (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--clients", defaultValue = "1",
            description = "Clients taking latency samples at once (default ${DEFAULT-VALUE}: the path's own latency, "
                    + "not queueing for the CPU).")
    int clients;

    @Option(names = "--warmup", defaultValue = "1000",
            description = "Untimed request pairs before the latency samples, so both paths run compiled code (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--max-tokens", defaultValue = "16", description = "Tokens per answer (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--json", description = "Print the figures as one line of JSON.")
    boolean json;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one streamed request came to: its time to {@code [DONE]}, its completion tokens, or why it failed. */
    record Outcome(long nanos, long firstNanos, long tokens, String error) {
        boolean ok() {
            return error == null;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (streams < 1 || streams > 4_096 || requests < 1 || requests > USES_PER_KEY || samples < 10 || samples > 100_000
                || clients < 1 || clients > 64 || warmup < 0 || warmup > 100_000 || maxTokens < 1 || maxTokens > 1_024) {
            throw new UserError("need --streams 1..4096, --requests 1.." + USES_PER_KEY
                    + ", --samples 10..100000, --clients 1..64, --warmup 0..100000, --max-tokens 1..1024");
        }
        // The coordinator and agent log each lease and job at INFO: noise in the figures and on the terminal.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.gridmint")).setLevel(Level.WARN);
        Path dir = Files.createTempDirectory("gridmint-bench-gateway");
        try {
            Map<String, Object> figures = run(dir);
            if (json) {
                JsonOut.print(System.out, figures);
            } else {
                figures.forEach((k, v) -> System.out.println(k + ": " + v));
            }
        } finally {
            delete(dir);
        }
        return 0;
    }

    private Map<String, Object> run(Path dir) throws Exception {
        var random = new SecureRandom();
        Keypair coordinatorKey = Keypair.generate(random);
        Keypair tenant = Keypair.generate(random);
        Keypair provider = Keypair.generate(random);
        // A key per client and per stream keeps the per-key rate limit out of the figures; a wallet holds only so many keys.
        int latencyKeys = (warmup + samples + USES_PER_KEY - 1) / USES_PER_KEY + clients;
        int keyCount = latencyKeys + streams;
        List<Keypair> payers = java.util.stream.Stream.generate(() -> Keypair.generate(random))
                .limit(Math.ceilDiv(keyCount, Gateway.MAX_KEYS_PER_WALLET)).toList();
        var allocations = new java.util.ArrayList<>(List.of(Allocation.liquid(tenant.address(), Amounts.parseGrid("1000")),
                Allocation.liquid(provider.address(), Amounts.parseGrid("150"))));
        payers.forEach(payer -> allocations.add(Allocation.liquid(payer.address(), Amounts.parseGrid("1000"))));
        var params = NetworkParams.defaults(List.of(coordinatorKey.address()), List.of(coordinatorKey.address()));
        var genesis = GenesisFile.of(coordinatorKey, NETWORK, new Genesis(coordinatorKey.address(), coordinatorKey.address(), params,
                System.currentTimeMillis() / 1000, allocations)).transaction();
        var config = CoordinatorConfig.defaults(dir.resolve("ledger").toString(), 0, coordinatorKey, genesis)
                .withPriceFeed(PriceFeed.fixed(GRID_PRICE));
        try (var coordinator = Coordinator.start(config);
                var agent = ProviderAgent.start(new AgentConfig(coordinator.url(), provider, dir.resolve("provider"),
                        Amounts.parseCredits("1.0"), "bench"))) {
            var client = new CoordinatorClient(coordinator.url());
            Hash job = serve(client, tenant);
            for (Keypair payer : payers) {
                buyCredits(client, payer, Amounts.parseCredits("100"));
            }
            int port = await("the model to load", 120, () -> agent.servingPort(job.hex()).orElse(-1));
            String direct = "http://127.0.0.1:" + port + "/v1/chat/completions";
            String gateway = coordinator.url() + "/v1/chat/completions";
            List<String> keys = apiKeys(client, payers, keyCount);
            await("the gateway to route to the model", 60, () -> once(gateway, keys.getFirst(), 0).ok() ? 1 : -1);
            return measure(direct, gateway, keys.subList(1, latencyKeys), keys.subList(latencyKeys, keys.size()));
        }
    }

    /** The tenant buys credits and orders a serving job; its id once leased. */
    private Hash serve(CoordinatorClient client, Keypair tenant) throws InterruptedException {
        await("the provider to come online", 60,
                () -> client.providers().stream().anyMatch(p -> p.online() && p.active()) ? 1 : -1);
        JobSpec spec = new JobSpec(ModelLoader.WORKLOAD, List.of("--model", NamesChatModel.ID, "--seed", "7", "--steps", "100"), 1, 3_600,
                Amounts.parseCredits("2.0"));
        await("an oracle price", 30, () -> client.supply().price() > 0 ? 1 : -1);
        buyCredits(client, tenant, spec.worstCaseCost());
        Hash job = Hash.parse(client.signAndSubmit(tenant, new SubmitJob(spec, spec.worstCaseCost())).txHash());
        await("the serving job to be leased", 60, () -> client.job(job).status().equals("LEASED") ? 1 : -1);
        return job;
    }

    private static void buyCredits(CoordinatorClient client, Keypair wallet, long credits) {
        client.signAndSubmit(wallet, new MintCredits(credits, Bme.gridForCredits(credits, client.supply().price(), 100)));
    }

    /** {@code count} keys, as many from each payer as a wallet may hold; the payers' credits pay for the requests. */
    private static List<String> apiKeys(CoordinatorClient client, List<Keypair> payers, int count) {
        long expires = client.ledger().now() + 300;
        return java.util.stream.IntStream.range(0, count).parallel().mapToObj(nonce -> {
            KeyGrant grant = KeyGrant.sign(payers.get(nonce / Gateway.MAX_KEYS_PER_WALLET), NETWORK, nonce + 1, expires);
            return Json.MAPPER.readTree(post(client.baseUrl() + "/v1/api-keys", Json.write(grant.body()))).path("key").asString();
        }).toList();
    }

    private Map<String, Object> measure(String direct, String gateway, List<String> latencyKeys, List<String> loadKeys)
            throws InterruptedException {
        long total = 2L * (warmup + samples) + (long) streams * requests;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Requests").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).continuousUpdate().build()) {
            long[][] latency = latency(direct, gateway, latencyKeys, bar);
            Load load = load(gateway, loadKeys, bar);
            return figures(latency, load);
        }
    }

    /**
     * Each client alternates direct and gateway requests (which goes first alternates too), so noise falls on both alike.
     * The first {@code warmup} pairs are not kept: until the JIT has compiled them, the gateway's longer path (Jetty, the
     * WebSocket on both ends, JSON and base64 per piece) runs interpreted for longer than the direct one, which a
     * coordinator that has been up for more than a few seconds never does.
     */
    private long[][] latency(String direct, String gateway, List<String> keys, ProgressBar bar) throws InterruptedException {
        long[] directNanos = new long[samples];
        long[] gatewayNanos = new long[samples];
        long[] directFirst = new long[samples];
        long[] gatewayFirst = new long[samples];
        var next = new AtomicLong();
        var failures = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int n = (int) next.getAndIncrement(); n < warmup + samples; n = (int) next.getAndIncrement()) {
                    String key = keys.get(n / USES_PER_KEY);
                    int i = n - warmup;
                    boolean directGoesFirst = n % 2 == 0;
                    Outcome first = directGoesFirst ? once(direct, null, n) : once(gateway, key, n);
                    Outcome second = directGoesFirst ? once(gateway, key, n) : once(direct, null, n);
                    Outcome d = directGoesFirst ? first : second;
                    Outcome g = directGoesFirst ? second : first;
                    if (!d.ok() || !g.ok()) {
                        failures.increment();
                    }
                    bar.stepBy(2);
                    if (i < 0) {
                        continue;
                    }
                    directNanos[i] = d.nanos();
                    gatewayNanos[i] = g.nanos();
                    directFirst[i] = d.firstNanos();
                    gatewayFirst[i] = g.firstNanos();
                }
            }));
        }
        for (Thread client : threads) {
            client.join();
        }
        if (failures.sum() > 0) {
            throw new UserError(failures.sum() + " latency samples failed; the figures would mean nothing");
        }
        return new long[][] {directNanos, gatewayNanos, directFirst, gatewayFirst};
    }

    record Load(int streams, long requests, long errors, long tokens, double seconds, long[] nanos, List<String> firstErrors) {}

    /** {@code streams} clients at once, each with its own key, each making {@code requests} streamed requests back to back. */
    private Load load(String gateway, List<String> keys, ProgressBar bar) throws InterruptedException {
        var errors = new LongAdder();
        var tokens = new LongAdder();
        List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] nanos = new long[streams * requests];
        var start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < streams; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < requests; r++) {
                    Outcome outcome = once(gateway, keys.get(client), client * requests + r);
                    nanos[client * requests + r] = outcome.nanos();
                    if (outcome.ok()) {
                        tokens.add(outcome.tokens());
                    } else {
                        errors.increment();
                        if (firstErrors.size() < 3) {
                            firstErrors.add(outcome.error());
                        }
                    }
                    bar.step();
                }
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread client : clients) {
            client.join();
        }
        return new Load(streams, (long) streams * requests, errors.sum(), tokens.sum(), (System.nanoTime() - began) / 1e9, nanos,
                List.copyOf(firstErrors));
    }

    private Map<String, Object> figures(long[][] latency, Load load) {
        for (long[] series : latency) {
            Arrays.sort(series);
        }
        long[] direct = latency[0];
        long[] gateway = latency[1];
        Arrays.sort(load.nanos());
        double directP50 = percentile(direct, 0.50);
        double directP99 = percentile(direct, 0.99);
        double gatewayP50 = percentile(gateway, 0.50);
        double gatewayP99 = percentile(gateway, 0.99);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", NamesChatModel.ID);
        f.put("max_tokens", maxTokens);
        f.put("samples", samples);
        f.put("warmup", warmup);
        f.put("direct_p50_ms", round2(directP50));
        f.put("direct_p99_ms", round2(directP99));
        f.put("gateway_p50_ms", round2(gatewayP50));
        f.put("gateway_p99_ms", round2(gatewayP99));
        f.put("overhead_p50_ms", round2(gatewayP50 - directP50));
        f.put("overhead_p99_ms", round2(gatewayP99 - directP99));
        f.put("direct_first_token_p50_ms", round2(percentile(latency[2], 0.50)));
        f.put("gateway_first_token_p50_ms", round2(percentile(latency[3], 0.50)));
        f.put("streams", load.streams());
        f.put("requests", load.requests());
        f.put("errors", load.errors());
        f.put("tokens_per_s", Math.round(load.tokens() / load.seconds()));
        f.put("load_p50_ms", round2(percentile(load.nanos(), 0.50)));
        f.put("load_p99_ms", round2(percentile(load.nanos(), 0.99)));
        f.put("load_seconds", round2(load.seconds()));
        if (!load.firstErrors().isEmpty()) {
            f.put("first_errors", load.firstErrors());
        }
        f.put("goal_overhead_p50_under_2ms", gatewayP50 - directP50 < 2);
        f.put("goal_overhead_p99_under_10ms", gatewayP99 - directP99 < 10);
        f.put("goal_streams_without_errors", load.streams() >= 256 && load.errors() == 0);
        return f;
    }

    /** One streamed chat request, read to {@code [DONE]}. */
    Outcome once(String url, String key, long seed) {
        String body = "{\"model\":\"" + NamesChatModel.ID + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"seed\":" + seed + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        long began = System.nanoTime();
        long first = 0;
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    return new Outcome(System.nanoTime() - began, first, 0, "status " + response.statusCode());
                }
                long tokens = -1;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (first == 0 && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                        first = System.nanoTime() - began;
                    }
                    if (line.equals("data: [DONE]")) {
                        return tokens < 0 ? new Outcome(System.nanoTime() - began, first, 0, "no usage event")
                                : new Outcome(System.nanoTime() - began, first, tokens, null);
                    }
                    if (line.startsWith("data: {\"error\"")) {
                        return new Outcome(System.nanoTime() - began, first, 0, line.substring(6));
                    }
                    if (line.contains("\"usage\":{")) {
                        tokens = Json.MAPPER.readTree(line.substring(6)).path("usage").path("completion_tokens").asLong();
                    }
                }
                return new Outcome(System.nanoTime() - began, first, 0, "the stream ended without [DONE]");
            }
        } catch (IOException e) {
            return new Outcome(System.nanoTime() - began, first, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(System.nanoTime() - began, first, 0, "interrupted");
        }
    }

    private static String post(String url, String body) {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new UserError("the gateway refused an API key: " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UserError("cannot reach the coordinator: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private interface Probe {
        int value() throws Exception;
    }

    /** Polls until {@code probe} answers zero or more (a port, or 1 for yes). */
    private static int await(String what, int seconds, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                int value = probe.value();
                if (value >= 0) {
                    return value;
                }
            } catch (Exception notYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new UserError("timed out after " + seconds + " s waiting for " + what);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
