package dev.gridmint.cli.bench;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load against a running coordinator over REST: N virtual threads submit signed transfers for D
 * seconds (or until a transaction count), each thread owning its own accounts and their nonces, and
 * the figures are accepted transactions per second, p50/p99 submit latency (request to durable
 * acknowledgement) and refusals by code. The accounts are the keypair files of a directory, or
 * fresh ones funded first by a faucet key. Loopback coordinators only: this is a bench, not a tool
 * to flood someone else's node.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Signed transfers from many threads against a local coordinator's REST API: tx/s, p50/p99 latency, refusals.")
final class LoadBench implements Callable<Integer> {

    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:7070", paramLabel = "URL",
            description = "A coordinator on this machine (default ${DEFAULT-VALUE}).")
    String coordinatorUrl;

    @Option(names = "--keys", paramLabel = "DIR", description = "A directory of funded keypair files (*.json) to send from.")
    Path keysDir;

    @Option(names = "--faucet", paramLabel = "FILE", description = "A funded keypair file: funds --accounts fresh accounts first.")
    Path faucetFile;

    @Option(names = "--accounts", defaultValue = "64", description = "Fresh accounts to fund with --faucet (default ${DEFAULT-VALUE}).")
    int accountCount;

    @Option(names = "--fund", defaultValue = "1000000", description = "Base units the faucet gives each fresh account (default ${DEFAULT-VALUE}).")
    long fundAmount;

    @Option(names = "--threads", defaultValue = "32", description = "Concurrent submitters, virtual threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "SECONDS", description = "How long to submit (default ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--max-txs", defaultValue = "1000000", description = "Stop after this many submissions (default ${DEFAULT-VALUE}).")
    long maxTxs;

    @Option(names = "--json", description = "Print the figures as one line of JSON.")
    boolean json;

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        var client = new CoordinatorClient(coordinatorUrl);
        String network;
        try {
            network = client.ledger().networkId();
        } catch (CoordinatorException e) {
            throw new UserError("cannot reach the coordinator at " + coordinatorUrl + ": " + e.getMessage());
        }
        List<Keypair> accounts = keysDir != null ? readKeys(keysDir) : fund(client, network);
        if (accounts.size() < threads) {
            throw new UserError("need at least one account per thread: " + accounts.size() + " accounts, " + threads + " threads");
        }

        var sent = new AtomicLong();
        var accepted = new LongAdder();
        var refusals = new ConcurrentHashMap<String, LongAdder>();
        List<Samples> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + (long) (durationSeconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Keypair> own = new ArrayList<>();
            for (int i = t; i < accounts.size(); i += threads) {
                own.add(accounts.get(i));
            }
            var samples = new Samples();
            latencies.add(samples);
            var seed = new SplittableRandom(t);
            workers.add(Thread.ofVirtual().name("load-", t).start(() -> {
                try {
                    long[] nonces = new long[own.size()];
                    for (int i = 0; i < own.size(); i++) {
                        nonces[i] = client.account(own.get(i).address()).nonce();
                    }
                    int next = 0;
                    while (System.nanoTime() < deadline && sent.incrementAndGet() <= maxTxs) {
                        int i = next++ % own.size();
                        Address to = accounts.get(seed.nextInt(accounts.size())).address();
                        SignedTx tx = SignedTx.sign(own.get(i), network, nonces[i] + 1, new Transfer(to, 1));
                        long begin = System.nanoTime();
                        try {
                            client.submit(tx);
                            nonces[i]++;
                            accepted.increment();
                            samples.add(System.nanoTime() - begin);
                        } catch (CoordinatorException e) {
                            refusals.computeIfAbsent(e.code(), c -> new LongAdder()).increment();
                            if (e.code().equals("BAD_NONCE")) {
                                nonces[i] = client.account(own.get(i).address()).nonce();
                            } else if (e.status() == 0 || e.status() == 503) {
                                Thread.sleep(50);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (CoordinatorException e) {
                    refusals.computeIfAbsent(e.code(), c -> new LongAdder()).increment();
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        List<Long> all = new ArrayList<>();
        for (Samples samples : latencies) {
            for (int i = 0; i < samples.size; i++) {
                all.add(samples.values[i]);
            }
        }
        all.sort(Long::compare);
        var figures = new LinkedHashMap<String, Object>();
        figures.put("coordinator", coordinatorUrl);
        figures.put("threads", threads);
        figures.put("accounts", accounts.size());
        figures.put("seconds", round(seconds));
        figures.put("submitted", Math.min(sent.get(), maxTxs));
        figures.put("accepted", accepted.sum());
        figures.put("tx_per_s", Math.round(accepted.sum() / seconds));
        figures.put("p50_ms", round(percentile(all, 0.50) / 1e6));
        figures.put("p99_ms", round(percentile(all, 0.99) / 1e6));
        var refused = new TreeMap<String, Long>();
        refusals.forEach((code, n) -> refused.put(code, n.sum()));
        figures.put("refusals", refused);
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%d threads, %d accounts, %.1f s against %s%n", threads, accounts.size(), seconds, coordinatorUrl);
            System.out.printf("accepted   %d of %d submitted%n", accepted.sum(), Math.min(sent.get(), maxTxs));
            System.out.printf("tx/s       %d%n", Math.round(accepted.sum() / seconds));
            System.out.printf("latency    p50 %.2f ms, p99 %.2f ms%n", percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
            System.out.printf("refusals   %s%n", refused.isEmpty() ? "none" : refused);
        }
        return 0;
    }

    private void validate() {
        if (threads < 1 || threads > 4_096 || durationSeconds <= 0 || durationSeconds > 3_600 || maxTxs < 1 || maxTxs > 10_000_000
                || accountCount < 1 || accountCount > 100_000 || fundAmount < 1) {
            throw new UserError("--threads must be 1..4096, --duration 0..3600 s, --max-txs 1..10000000, --accounts 1..100000, --fund positive");
        }
        if ((keysDir == null) == (faucetFile == null)) {
            throw new UserError("give either --keys DIR (funded keypairs) or --faucet FILE (funds fresh accounts)");
        }
        String host;
        try {
            host = URI.create(coordinatorUrl).getHost();
        } catch (IllegalArgumentException e) {
            throw new UserError("not a URL: " + coordinatorUrl);
        }
        if (host == null || !LOOPBACK.contains(host)) {
            throw new UserError("bench load only runs against a coordinator on this machine (127.0.0.1, localhost, ::1)");
        }
    }

    private static List<Keypair> readKeys(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Keypair> keys = new ArrayList<>();
        for (Path file : files) {
            try {
                keys.add(KeypairFile.read(file));
            } catch (IOException | RuntimeException e) {
                throw new UserError("not a keypair file: " + file + " (" + e.getMessage() + ")");
            }
        }
        return keys;
    }

    /** Fresh accounts, each funded by one transfer from the faucet (sequential: the faucet's nonces are one chain). */
    private List<Keypair> fund(CoordinatorClient client, String network) {
        Keypair faucet;
        try {
            faucet = KeypairFile.read(faucetFile);
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the faucet key " + faucetFile + ": " + e.getMessage());
        }
        var random = new SecureRandom();
        long nonce = client.account(faucet.address()).nonce();
        List<Keypair> accounts = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            Keypair account = Keypair.generate(random);
            try {
                client.submit(SignedTx.sign(faucet, network, ++nonce, new Transfer(account.address(), fundAmount)));
            } catch (CoordinatorException e) {
                throw new UserError("the faucet could not fund account " + (i + 1) + ": " + e.getMessage());
            }
            accounts.add(account);
        }
        return accounts;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(sorted.size() * p) - 1)));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** One thread's latencies, in nanoseconds. */
    private static final class Samples {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
