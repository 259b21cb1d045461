package dev.gridmint.cli.bench;

import ch.qos.logback.classic.Level;
import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.coordinator.Coordinator;
import dev.gridmint.node.coordinator.CoordinatorConfig;
import dev.gridmint.node.coordinator.HttpApi;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.coordinator.PriceFeed;
import dev.gridmint.node.genesis.GenesisFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orders end to end over HTTP: a real coordinator in this process (SQLite in a temporary directory,
 * REST, SSE and the agent WebSocket on loopback), providers registered, staked and logged in over
 * the agent WebSocket, and tenants that submit signed {@code SubmitJob}s to {@code POST /v1/tx} at a
 * fixed rate. The rate is open-loop: order i is due at {@code start + i / rate} whatever happened to
 * the orders before it, and its latency runs from that due time, not from when it was sent, so a
 * stalled coordinator shows as latency instead of a slower sender (no coordinated omission). An
 * order's latency ends when the {@code AssignLease} of its job comes on the event stream, the way a
 * dashboard sees it: one stream for all orders, where polling each job would add a request per
 * order per poll to the load it measures and round every figure up to the poll interval.
 */
@Command(name = "orders", mixinStandardHelpOptions = true,
        description = "Signed orders over HTTP into a coordinator started here, at a fixed rate: latency from send to lease, via the event stream.")
final class OrdersBench implements Callable<Integer> {

    /** A provider's node: the market's largest, so few agents hold many orders. */
    private static final int DEVICES_PER_PROVIDER = 64;
    private static final long GRID_PRICE = 2_000_000L; // micro-USD per GRID
    private static final long MAX_PRICE = 1_000_000L;  // micro-CC per device-hour: 1 CC
    private static final long OFFER_PRICE = 900_000L;
    private static final JobSpec ORDER = new JobSpec("train-names", List.of(), 1, 3_600, MAX_PRICE);
    private static final String NETWORK = "gridmint-bench-orders";
    /** Orders a run may send: each has a tenant and a signed transaction held in memory. */
    private static final int MAX_ORDERS = 200_000;
    /**
     * Requests in flight at most, as a client with a bounded connection pool: without a bound, an
     * overloaded coordinator is sent ever more connections, which then time out connecting. An order
     * that waits for a connection still counts its latency from its due time.
     */
    private static final int MAX_IN_FLIGHT = 256;
    private static final Pattern ASSIGNED = Pattern.compile("\"type\":\"AssignLease\".*\"jobId\":\"([0-9a-f]{64})\"");

    @Option(names = "--rate", defaultValue = "1000", description = "Orders per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to send (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--drain", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait after the last order for leases still to come (default ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "N",
            description = "Orders per request: 1 (the default, the headline) sends each to POST /v1/tx; more sends them"
                    + " N at a time to POST /v1/tx/batch, each batch when its first order is due.")
    int batch;

    @Option(names = "--json", description = "Print the figures as one line of JSON, and no progress bar.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rate < 1 || rate > 100_000 || seconds < 1 || seconds > 600 || drainSeconds < 1 || drainSeconds > 600
                || (long) rate * seconds > MAX_ORDERS || batch < 1 || batch > HttpApi.MAX_BATCH) {
            throw new UserError("--rate must be 1..100000, --seconds 1..600, --drain 1..600, --batch 1.." + HttpApi.MAX_BATCH
                    + ", and --rate x --seconds at most " + MAX_ORDERS);
        }
        // The coordinator logs every lease at INFO: thousands of lines a second would be part of what is measured.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.gridmint")).setLevel(Level.WARN);
        Path dir = Files.createTempDirectory("gridmint-bench-orders");
        try {
            JsonOut.print(System.out, run(dir));
        } finally {
            delete(dir);
        }
        return 0;
    }

    private Map<String, Object> run(Path dir) throws IOException, InterruptedException {
        int orders = Math.multiplyExact(rate, seconds);
        // One order per tenant: no nonce chain ties an order to the fate of the one before it.
        List<Keypair> tenants = keys(orders);
        List<Keypair> providers = keys((orders + DEVICES_PER_PROVIDER - 1) / DEVICES_PER_PROVIDER);
        Keypair coordinatorKey = Keypair.generate(new SecureRandom());
        long creditsPerTenant = escrow();
        var params = NetworkParams.defaults(List.of(coordinatorKey.address()), List.of(coordinatorKey.address()));
        long gridPerTenant = 2 * Bme.gridForCredits(creditsPerTenant, GRID_PRICE, params.credits().spreadBps());
        long stakePerProvider = 2L * DEVICES_PER_PROVIDER * params.staking().gpuStakeUnit();
        // A genesis takes at most 1,000 allocations: one faucet funds everybody instead.
        Keypair faucet = keys(1).getFirst();
        List<Transfer> funding = new ArrayList<>();
        tenants.forEach(t -> funding.add(new Transfer(t.address(), gridPerTenant)));
        providers.forEach(p -> funding.add(new Transfer(p.address(), stakePerProvider)));
        long total = funding.stream().mapToLong(Transfer::amount).sum();
        var genesis = GenesisFile.of(coordinatorKey, NETWORK, new Genesis(coordinatorKey.address(), coordinatorKey.address(), params,
                System.currentTimeMillis() / 1000, List.of(Allocation.liquid(faucet.address(), total)))).transaction();
        var config = CoordinatorConfig.defaults(dir.resolve("ledger").toString(), 0, coordinatorKey, genesis)
                .withPriceFeed(PriceFeed.fixed(GRID_PRICE));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        HttpClient http = HttpClient.newHttpClient();
        List<IdleAgent> agents = new ArrayList<>();
        try (var coordinator = Coordinator.start(config)) {
            var client = new CoordinatorClient(coordinator.url());
            setUp(coordinator.sequencer(), IntStream.range(0, funding.size())
                    .mapToObj(i -> SignedTx.sign(faucet, NETWORK, i + 1, funding.get(i))).toList());
            awaitPrice(client);
            setUp(coordinator.sequencer(), tenants.stream()
                    .map(tenant -> SignedTx.sign(tenant, NETWORK, 1, new MintCredits(creditsPerTenant, gridPerTenant))).toList());
            parallel(providers, provider -> {
                stakeProvider(client, provider);
                synchronized (agents) {
                    agents.add(IdleAgent.connect(http, coordinator.url(), provider, timers));
                }
            });
            List<SignedTx> signed = tenants.parallelStream()
                    .map(tenant -> SignedTx.sign(tenant, NETWORK, 2, new SubmitJob(ORDER, creditsPerTenant))).toList();
            return measure(client, http, coordinator.url(), signed, providers.size());
        } finally {
            agents.forEach(IdleAgent::close);
            timers.shutdownNow();
        }
    }

    /** Funding and credits for thousands of accounts, in one batch straight to the sequencer: set-up, not what is measured. */
    private static void setUp(Sequencer sequencer, List<SignedTx> txs) {
        if (sequencer.submitAll(txs).stream().anyMatch(result -> result instanceof ApplyResult.Rejected)) {
            throw new UserError("the bench's accounts could not be funded");
        }
    }

    /** The least escrow the ledger takes for one order: its runway at the highest price. */
    private static long escrow() {
        return Math.max(1, Pricing.charge(MAX_PRICE, ORDER.devices(), ORDER.maxSeconds() * 1000L));
    }

    private static void stakeProvider(CoordinatorClient client, Keypair provider) {
        client.submit(SignedTx.sign(provider, NETWORK, 1, new RegisterProvider(new HardwareOffer(DeviceClass.GPU,
                "NVIDIA H100 80GB HBM3", DEVICES_PER_PROVIDER, 81_559, 128, 1 << 20, "bench-region", OFFER_PRICE))));
        var account = client.account(provider.address());
        client.submit(SignedTx.sign(provider, NETWORK, 2, new BondProviderStake(account.requiredStake())));
    }

    private Map<String, Object> measure(CoordinatorClient client, HttpClient http, String url, List<SignedTx> orders,
            int providerCount) throws IOException, InterruptedException {
        int count = orders.size();
        long[] due = new long[count];
        var leased = new AtomicLongArray(count);
        Map<Hash, Integer> index = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            index.put(orders.get(i).hash(), i);
        }
        var leasedCount = new LongAdder();
        var refusals = new ConcurrentHashMap<String, LongAdder>();
        var stream = openEvents(http, url, jobId -> {
            Integer i = index.get(jobId);
            if (i != null && leased.compareAndSet(i, 0, System.nanoTime())) {
                leasedCount.increment();
            }
        });
        ProgressBar bar = json ? null : new ProgressBarBuilder().setTaskName("Orders leased").setInitialMax(count)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < count; i++) {
            due[i] = start + i * intervalNanos;
        }
        var lastSent = new AtomicLong();
        var inFlight = new Semaphore(MAX_IN_FLIGHT);
        List<Thread> senders = new ArrayList<>(count);
        Thread pacer = Thread.ofPlatform().name("bench-pacer").start(() -> {
            for (int i = 0; i < count; i += batch) {
                sleepUntil(due[i]); // each request starts on time, whatever became of the ones before it
                List<SignedTx> requestOrders = orders.subList(i, Math.min(count, i + batch));
                senders.add(Thread.ofVirtual().start(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        send(client, requestOrders).forEach(code -> refusals.computeIfAbsent(code, c -> new LongAdder()).increment());
                    } finally {
                        inFlight.release();
                    }
                    lastSent.accumulateAndGet(System.nanoTime(), Math::max);
                }));
            }
        });
        long drainUntil = due[count - 1] + drainSeconds * 1_000_000_000L;
        long refused;
        // A progress tick, not synchronisation: the bar moves at 20 Hz until every order is leased or
        // refused, or the drain time runs out, whichever is first.
        do {
            Thread.sleep(50);
            refused = refusals.values().stream().mapToLong(LongAdder::sum).sum();
            if (bar != null) {
                bar.stepTo(leasedCount.sum());
            }
        } while (leasedCount.sum() + refused < count && System.nanoTime() < drainUntil);
        pacer.join();
        for (Thread sender : senders) {
            sender.join();
        }
        if (bar != null) {
            bar.close();
        }
        stream.close();
        return figures(due, leased, start, lastSent.get(), refusals, providerCount);
    }

    /** Sends one request's orders, alone or as a batch; the codes of those refused. */
    private static List<String> send(CoordinatorClient client, List<SignedTx> orders) {
        try {
            if (orders.size() == 1) {
                client.submit(orders.getFirst());
                return List.of();
            }
            return client.submitBatch(orders).stream().map(Views.TxResult::code).filter(java.util.Objects::nonNull).toList();
        } catch (CoordinatorException e) {
            return java.util.Collections.nCopies(orders.size(), e.code());
        }
    }

    private Map<String, Object> figures(long[] due, AtomicLongArray leased, long start, long lastSent,
            Map<String, LongAdder> refusals, int providerCount) {
        long[] latencies = IntStream.range(0, due.length).filter(i -> leased.get(i) != 0)
                .mapToLong(i -> leased.get(i) - due[i]).sorted().toArray();
        long lastLeased = IntStream.range(0, due.length).mapToLong(leased::get).max().orElse(start);
        var figures = new LinkedHashMap<String, Object>();
        figures.put("rate_target", rate);
        figures.put("rate_achieved", latencies.length == 0 ? 0 : Math.round(latencies.length / ((lastLeased - start) / 1e9)));
        figures.put("orders", due.length);
        figures.put("per_request", batch);
        figures.put("leased", latencies.length);
        figures.put("send_seconds", round((lastSent - start) / 1e9));
        figures.put("p50_ms", round(percentile(latencies, 0.50) / 1e6));
        figures.put("p99_ms", round(percentile(latencies, 0.99) / 1e6));
        figures.put("max_ms", round(latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6));
        figures.put("providers", providerCount);
        var refused = new TreeMap<String, Long>();
        refusals.forEach((code, n) -> refused.put(code, n.sum()));
        figures.put("refusals", refused);
        return figures;
    }

    /**
     * Follows {@code /v1/events} on a thread of its own and hands over the job of every
     * {@code AssignLease}. Matching the two fields in the text keeps the reader from parsing
     * thousands of JSON events a second on the cores the coordinator needs.
     */
    private static Closeable openEvents(HttpClient http, String url, Consumer<Hash> leased) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/events")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("bench-events").start(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:")) {
                        Matcher match = ASSIGNED.matcher(line);
                        if (match.find()) {
                            leased.accept(Hash.parse(match.group(1)));
                        }
                    }
                }
            } catch (IOException closed) {
                // the bench is over
            }
        });
        return response.body();
    }

    private static void awaitPrice(CoordinatorClient client) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.supply().price() != GRID_PRICE) {
            if (System.nanoTime() > deadline) {
                throw new UserError("the coordinator did not report its price within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code step} for every key on virtual threads, at most 64 at once, and waits for all of them. */
    private static void parallel(List<Keypair> keys, Consumer<Keypair> step) throws InterruptedException {
        var permits = new Semaphore(64);
        List<Thread> threads = new ArrayList<>();
        var failure = new AtomicReference<RuntimeException>();
        for (Keypair key : keys) {
            permits.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    step.accept(key);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    permits.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new UserError("setting up the bench failed: " + failure.get().getMessage());
        }
    }

    private static List<Keypair> keys(int count) {
        var random = new SecureRandom();
        return Stream.generate(() -> Keypair.generate(random)).limit(count).toList();
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(sorted.length * p) - 1))];
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
