package dev.gridmint.node.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.json.Json;
import tools.jackson.core.type.TypeReference;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.ledger.GroupCommitter;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.StoreException;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import io.javalin.Javalin;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/tx} through the group committer: shared appends under concurrency, 503 when the store fails. */
@Timeout(60)
class HttpApiGroupCommitTest {

    private static final String NETWORK = "gridmint-http-group-commit";

    @TempDir
    Path dir;

    private final List<Keypair> accounts = new ArrayList<>();
    private final AtomicInteger appends = new AtomicInteger();
    private final AtomicBoolean failAppends = new AtomicBoolean();
    private SqliteLedgerStore sqlite;
    private Sequencer sequencer;
    private GroupCommitter committer;
    private Javalin http;
    private CoordinatorClient client;

    @BeforeEach
    void start() {
        var random = new SplittableRandom(3);
        for (int i = 0; i < 32; i++) {
            accounts.add(Keypair.generate(random));
        }
        Keypair founder = Keypair.generate(random);
        SignedTx genesis = SignedTx.sign(founder, NETWORK, 1, new Genesis(founder.address(), founder.address(),
                NetworkParams.defaults(List.of(founder.address()), List.of(founder.address())), 0,
                accounts.stream().map(a -> Allocation.liquid(a.address(), 1_000_000L)).toList()));
        sqlite = SqliteLedgerStore.open(dir);
        LedgerStore store = (LedgerStore) Proxy.newProxyInstance(LedgerStore.class.getClassLoader(), new Class<?>[] {LedgerStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append") && args != null && args[0] instanceof List<?>) {
                        appends.incrementAndGet();
                        if (failAppends.get()) {
                            throw new StoreException(StoreException.Code.IO, "connection reset");
                        }
                    }
                    try {
                        return method.invoke(sqlite, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        sequencer = Sequencer.open(store, 1_000);
        assertThat(sequencer.submit(genesis)).isInstanceOf(Applied.class);
        committer = new GroupCommitter(sequencer);
        var events = new EventStream();
        var telemetry = new JobTelemetry();
        var agents = new AgentHub(NETWORK, Clock.systemUTC(), new SplittableRandom(1), Duration.ofSeconds(5), sequencer::state,
                telemetry, events);
        // No scheduler here, so no order book: these tests never read /v1/market.
        http = new HttpApi(sequencer, committer, store, agents, events, telemetry, new Metrics(), null).create();
        http.start("127.0.0.1", 0);
        client = new CoordinatorClient("http://127.0.0.1:" + http.port());
        appends.set(0);
    }

    @AfterEach
    void stop() {
        http.stop();
        committer.close();
        sqlite.close();
    }

    private SignedTx transfer(int from, long nonce) {
        return SignedTx.sign(accounts.get(from), NETWORK, nonce, new Transfer(accounts.get((from + 1) % accounts.size()).address(), 1));
    }

    @Test
    void concurrentSubmissionsAreAllAcknowledgedDurably() throws Exception {
        int perAccount = 10;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < accounts.size(); a++) {
                int account = a;
                done.add(pool.submit(() -> {
                    for (long nonce = 1; nonce <= perAccount; nonce++) {
                        var accepted = client.submit(transfer(account, nonce));
                        assertThat(accepted.height()).isLessThanOrEqualTo(sqlite.height());
                    }
                    return null;
                }));
            }
            for (var future : done) {
                future.get();
            }
        }
        long total = (long) accounts.size() * perAccount;
        assertThat(sqlite.height()).isEqualTo(1 + total);
        assertThat(appends.get()).as("durable appends, for %d transactions", total).isLessThanOrEqualTo((int) total);
    }

    @Test
    void aFailingStoreIsA503AndTheSameTransactionCanBeSentAgain() {
        failAppends.set(true);
        SignedTx tx = transfer(0, 1);
        assertThatThrownBy(() -> client.submit(tx)).isInstanceOfSatisfying(CoordinatorException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE");
        });
        assertThat(sequencer.state().height()).isEqualTo(1);
        failAppends.set(false);
        assertThat(client.submit(tx).height()).isEqualTo(2);
        assertThat(sqlite.height()).isEqualTo(2);
    }

    @Test
    void afterShutdownSubmissionsAre503() {
        committer.close();
        assertThatThrownBy(() -> client.submit(transfer(0, 1))).isInstanceOfSatisfying(CoordinatorException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("SHUTTING_DOWN");
        });
    }

    @Test
    void aBatchIsDecidedTransactionByTransactionInOrder() throws Exception {
        String good1 = base64(transfer(0, 1));
        String good2 = base64(transfer(0, 2)); // the nonce after the one before it in the same batch
        String staleNonce = base64(transfer(1, 5));
        String good3 = base64(transfer(0, 3));
        var response = post("/v1/tx/batch", "{\"txs\": [\"" + good1 + "\", \"" + good2 + "\", \"bm90IGEgdHg=\", \""
                + staleNonce + "\", \"" + good3 + "\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<Views.TxResult> results = Json.MAPPER.readValue(response.body(), new TypeReference<List<Views.TxResult>>() {});
        assertThat(results).extracting(Views.TxResult::height, Views.TxResult::status, Views.TxResult::code).containsExactly(
                tuple(2L, null, null), tuple(3L, null, null), tuple(null, 400, "MALFORMED"), tuple(null, 409, "BAD_NONCE"),
                tuple(4L, null, null));
        assertThat(results.getFirst().txHash()).isEqualTo(transfer(0, 1).hash().hex());
        assertThat(sqlite.height()).isEqualTo(4);
        // The client's helper says the same.
        assertThat(client.submitBatch(List.of(transfer(0, 4), transfer(0, 4))))
                .extracting(Views.TxResult::height, Views.TxResult::code).containsExactly(tuple(5L, null), tuple(null, "BAD_NONCE"));
    }

    @Test
    void aBatchOutsideItsLimitsIsRefusedWhole() throws Exception {
        String one = "\"" + base64(transfer(0, 1)) + "\"";
        String tooMany = "{\"txs\": [" + String.join(",", java.util.Collections.nCopies(HttpApi.MAX_BATCH + 1, one)) + "]}";
        for (String body : List.of("{\"txs\": []}", "{}", tooMany, "{\"txs\": 7}")) {
            var response = post("/v1/tx/batch", body);
            assertThat(response.statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body).isIn(400, 413);
            assertThat(response.body()).contains("MALFORMED");
        }
        assertThat(sqlite.height()).isEqualTo(1);
    }

    private static String base64(SignedTx tx) {
        return java.util.Base64.getEncoder().encodeToString(tx.encode());
    }

    private java.net.http.HttpResponse<String> post(String path, String body) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.http.port() + path))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }
}
