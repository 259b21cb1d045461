package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.node.api.Views.LogEntryView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.json.Json;
import dev.gridmint.store.postgres.PostgresTestSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Durability under SIGKILL, as a user would run it: a coordinator process started by the launcher
 * takes signed transfers from several threads over REST and is killed (SIGKILL, on the JVM itself)
 * a few times in the middle of the load. After each kill, {@code gridmint ledger verify} replays
 * the store to its recorded root with supply conserved; after each restart on the same store, every
 * transaction that was acknowledged (HTTP 200) is in the log, no transaction is there twice, the
 * heights are contiguous, and everything in the log is something the test sent. Transactions in
 * flight at the kill may or may not have made it; both are fine.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CoordinatorCrashIT {

    @RegisterExtension
    static final PostgresTestSchemas POSTGRES = new PostgresTestSchemas();

    private static final String NETWORK = "gridmint-crash-it";
    private static final int ACCOUNTS = 20;
    private static final int THREADS = 5;
    private static final long[] KILL_AFTER_MILLIS = {700, 1_500, 2_500};

    @TempDir
    Path workDir;

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void everyAcknowledgedTransactionSurvivesSigkillExactlyOnce(String kind) throws Exception {
        String store = kind.equals("sqlite") ? workDir.resolve("store").toString() : POSTGRES.url();
        var random = new SplittableRandom(7);
        Keypair coordinatorKey = Keypair.generate(random);
        Path keyFile = workDir.resolve("coordinator.json");
        KeypairFile.write(keyFile, coordinatorKey);
        List<Keypair> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Keypair.generate(random));
        }
        Path genesisFile = workDir.resolve("genesis.json");
        var params = NetworkParams.defaults(List.of(coordinatorKey.address()), List.of(coordinatorKey.address()));
        GenesisFile.of(coordinatorKey, NETWORK, new Genesis(coordinatorKey.address(), coordinatorKey.address(), params,
                java.time.Instant.now().getEpochSecond(),
                accounts.stream().map(a -> Allocation.liquid(a.address(), 1_000_000_000L)).toList())).write(genesisFile);

        long previousHeight = 0;
        for (int round = 0; round < KILL_AFTER_MILLIS.length; round++) {
            Process coordinator = startCoordinator(store, keyFile, genesisFile, round);
            var client = new CoordinatorClient(url(round));
            long height = checkLog(client, previousHeight);
            int ackedBefore = acknowledged.size();
            var stop = new AtomicBoolean();
            List<Thread> load = startLoad(client, accounts, stop);
            Thread.sleep(KILL_AFTER_MILLIS[round]);
            kill(coordinator);
            stop.set(true);
            for (Thread thread : load) {
                thread.join(30_000);
                assertThat(thread.isAlive()).as("a load thread stops once the coordinator is gone").isFalse();
            }
            assertThat(acknowledged.size()).as("round %d acknowledged transfers before the kill", round).isGreaterThan(ackedBefore);
            JsonNode verification = verify(store);
            assertThat(verification.path("matches").asBoolean()).as("round %d: %s", round, verification).isTrue();
            assertThat(verification.path("supplyConserved").asBoolean()).as("round %d: %s", round, verification).isTrue();
            assertThat(verification.path("height").asLong()).isGreaterThanOrEqualTo(height);
            previousHeight = verification.path("height").asLong();
            System.out.printf("%s round %d: killed after %d ms; %d sent, %d acknowledged so far; log height %d%n", kind, round,
                    KILL_AFTER_MILLIS[round], sent.size(), acknowledged.size(), previousHeight);
        }

        Process last = startCoordinator(store, keyFile, genesisFile, KILL_AFTER_MILLIS.length);
        try {
            long height = checkLog(new CoordinatorClient(url(KILL_AFTER_MILLIS.length)), previousHeight);
            assertThat(height).as("the restarted coordinator only adds its own clock ticks").isGreaterThanOrEqualTo(previousHeight);
            assertThat(acknowledged.size()).as("more than a handful of transfers went through").isGreaterThan(50);
        } finally {
            last.destroy();
            last.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(unexpected).as("refusals other than the coordinator going away").isEmpty();
    }

    private Process startCoordinator(String store, Path keyFile, Path genesisFile, int round) throws IOException, InterruptedException {
        Path portFile = workDir.resolve("port-" + round);
        var process = new ProcessBuilder(List.of(root.resolve("gridmint").toString(), "coordinator", "--store", store,
                        "--genesis", genesisFile.toString(), "--key", keyFile.toString(), "--port", "0",
                        "--port-file", portFile.toString()))
                .directory(root.toFile())
                .redirectOutput(workDir.resolve("coordinator-" + round + ".out").toFile())
                .redirectError(workDir.resolve("coordinator-" + round + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile) && !Files.readString(portFile).isBlank()) {
                var client = new CoordinatorClient(url(round));
                if (client.healthy()) {
                    return process;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the coordinator did not come up; stderr:\n" + Files.readString(workDir.resolve("coordinator-" + round + ".err")));
    }

    private String url(int round) throws IOException {
        return "http://127.0.0.1:" + Files.readString(workDir.resolve("port-" + round)).trim();
    }

    /** SIGKILL on the JVM itself: the launcher execs java, so the process started is the JVM. */
    private static void kill(Process coordinator) throws InterruptedException {
        String command = coordinator.toHandle().info().command().orElse("");
        assertThat(command).as("the launcher has exec'd the JVM").endsWith("/java");
        coordinator.destroyForcibly();
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    /** Each thread owns ACCOUNTS / THREADS accounts and their nonces, read back from the coordinator at the start. */
    private List<Thread> startLoad(CoordinatorClient client, List<Keypair> accounts, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Keypair> own = new ArrayList<>();
            for (int i = t; i < accounts.size(); i += THREADS) {
                own.add(accounts.get(i));
            }
            var random = new SplittableRandom(t * 31L + sent.size());
            threads.add(Thread.ofPlatform().name("crash-load-" + t).start(() -> {
                try {
                    long[] nonces = new long[own.size()];
                    for (int i = 0; i < own.size(); i++) {
                        nonces[i] = client.account(own.get(i).address()).nonce();
                    }
                    for (int n = 0; !stop.get(); n++) {
                        int i = n % own.size();
                        SignedTx tx = SignedTx.sign(own.get(i), NETWORK, nonces[i] + 1,
                                new Transfer(accounts.get(random.nextInt(accounts.size())).address(), 1 + random.nextInt(100)));
                        String hash = tx.hash().hex();
                        sent.add(hash);
                        client.submit(tx);
                        acknowledged.add(hash);
                        nonces[i]++;
                    }
                } catch (CoordinatorException e) {
                    if (e.status() != 0 && !stop.get()) {
                        unexpected.add(e.getMessage());
                    }
                }
            }));
        }
        return threads;
    }

    /** Reads the whole log over REST and checks it; returns its height. */
    private long checkLog(CoordinatorClient client, long atLeast) {
        Set<String> hashes = new HashSet<>();
        // Read before the log: the coordinator's clock keeps ticking, so the log may only be longer.
        long ledgerHeight = client.ledger().height();
        long expected = 1;
        while (true) {
            List<LogEntryView> page = client.log(expected, 1_000);
            for (LogEntryView entry : page) {
                assertThat(entry.height()).as("heights are contiguous").isEqualTo(expected);
                assertThat(hashes.add(entry.txHash())).as("tx %s at height %d appears once", entry.txHash(), entry.height()).isTrue();
                if (entry.height() > 1 && !entry.type().equals("Tick")) {
                    assertThat(sent).as("the log holds only what the test sent, and the coordinator's clock ticks")
                            .contains(entry.txHash());
                }
                expected++;
            }
            if (page.size() < 1_000) {
                break;
            }
        }
        long height = expected - 1;
        assertThat(height).isGreaterThanOrEqualTo(Math.max(1, atLeast));
        assertThat(hashes).as("every acknowledged transaction is durable").containsAll(acknowledged);
        assertThat(height).as("the log holds every height the ledger reported").isGreaterThanOrEqualTo(ledgerHeight);
        return height;
    }

    private JsonNode verify(String store) throws IOException, InterruptedException {
        Path out = workDir.resolve("verify.out");
        var process = new ProcessBuilder(List.of(root.resolve("gridmint").toString(), "ledger", "verify", "--store", store, "--json"))
                .directory(root.toFile())
                .redirectOutput(out.toFile())
                .redirectError(workDir.resolve("verify.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("ledger verify; stderr:%n%s", Files.readString(workDir.resolve("verify.err"))).isZero();
        List<String> lines = Files.readAllLines(out);
        return Json.MAPPER.readTree(lines.getLast());
    }
}
