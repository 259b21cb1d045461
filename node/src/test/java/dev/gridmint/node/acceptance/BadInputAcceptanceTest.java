package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.RawHttp;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.coordinator.HttpApi;
import dev.gridmint.node.protocol.AgentMessage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a client sends, a refusal is a 4xx with a stable code, and it changes nothing: the
 * height and state root are the same after it as before.
 *
 * <p>The network holds one leased job so lease rules can be probed. The lease is held by a
 * hand-driven agent that never runs the job, the provider timeout is long and the coordinator's
 * clock is frozen, so nothing moves the ledger while the cases run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputAcceptanceTest {

    private static final String HOLDER = "p-holder";
    private static final String OTHER_PROVIDER = "p-other";
    private static final String PRICEY_PROVIDER = "p-pricey";
    private static final String BROKE = "mallory";

    private TestNetwork network;
    private AgentSocket holder;
    private JobHandle leased;
    private JobHandle queued;
    private final SplittableRandom random = new SplittableRandom(20_250_101);

    @BeforeAll
    void startNetworkWithALeasedJob(@TempDir Path dir) {
        network = TestNetwork.builder().providerTimeout(Duration.ofMinutes(10)).start(dir);
        network.registerProvider(HOLDER, cpuOffer(1 * CC));
        network.registerProvider(OTHER_PROVIDER, cpuOffer(1 * CC));
        holder = network.agentSocket();
        holder.login(TestNetwork.key(HOLDER));
        leased = network.tenant("alice").submitsTraining(200);
        var assign = holder.next(AgentMessage.Assign.class);
        assertThat(assign.jobId()).isEqualTo(leased.id().hex());
        assertThat(assign.attempt()).isEqualTo(1);
        assertThat(leased.status()).isEqualTo("LEASED");
        // No idle provider is connected now, so the next job stays queued.
        network.registerProvider(PRICEY_PROVIDER, cpuOffer(Tenant.DEFAULT_MAX_PRICE + 1));
        queued = network.tenant("bob").submitsTraining(200);
        assertThat(queued.status()).isEqualTo("QUEUED");
        // From here on the clock stands still, so the coordinator's ticks do not move the ledger either.
        network.freezeTime();
    }

    @AfterAll
    void stopNetwork() {
        if (holder != null) {
            holder.close();
        }
        if (network != null) {
            network.close();
        }
    }

    /** A refusal case: what is sent, and the status and code it must get. */
    record Case(Function<BadInputAcceptanceTest, RawHttp.Response> send, int status, String code) {}

    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("malformed JSON body", t -> t.http().postTx("{\"tx\": "), 400, "MALFORMED"),
                refusal("JSON that is not an object", t -> t.http().postTx("[1, 2, 3]"), 400, "MALFORMED"),
                refusal("empty body", t -> t.http().postTx(""), 400, "MALFORMED"),
                refusal("no tx field", t -> t.http().postTx("{}"), 400, "MALFORMED"),
                refusal("unknown JSON field", t -> t.http().postTx("{\"tx\": \"AAAA\", \"fee\": 1}"), 400, "MALFORMED"),
                refusal("tx that is not base64", t -> t.http().postTx("{\"tx\": \"not base64!\"}"), 400, "MALFORMED"),
                refusal("tx that is not a transaction", t -> t.http().postTxBytes(new byte[] {1, 2, 3, 4, 5}), 400, "MALFORMED"),
                refusal("truncated tx bytes", t -> t.http().postTxBytes(t.truncated(t.aliceTransfer())), 400, "MALFORMED"),
                refusal("tx with trailing bytes", t -> t.http().postTxBytes(t.extended(t.aliceTransfer())), 400, "MALFORMED"),
                refusal("bad signature", t -> t.http().postTxBytes(t.flippedSignature(t.aliceTransfer())), 401, "BAD_SIGNATURE"),
                refusal("reused nonce", t -> t.http().postTx(t.network.signedWithNonce("alice", t.nonce("alice"),
                        new Transfer(TestNetwork.address("bob"), 1))), 409, "BAD_NONCE"),
                refusal("skipped nonce", t -> t.http().postTx(t.network.signedWithNonce("alice", t.nonce("alice") + 2,
                        new Transfer(TestNetwork.address("bob"), 1))), 409, "BAD_NONCE"),
                refusal("wrong network id", t -> t.http().postTx(SignedTx.sign(TestNetwork.key("alice"), "gridmint-elsewhere",
                        t.nonce("alice") + 1, new Transfer(TestNetwork.address("bob"), 1))), 400, "WRONG_NETWORK"),
                refusal("genesis again", t -> t.http().postTx(t.network.transactions().getFirst()), 409, "GENESIS_ALREADY_APPLIED"),
                refusal("insufficient funds", t -> t.http().postTx(t.network.signed("alice",
                        new Transfer(TestNetwork.address("bob"), t.network.balanceOf("alice") + 1))), 422, "INSUFFICIENT_FUNDS"),
                refusal("a transfer from an empty account", t -> t.http().postTx(t.network.signed(BROKE,
                        new Transfer(TestNetwork.address("bob"), 1))), 422, "INSUFFICIENT_FUNDS"),
                refusal("zero transfer", t -> t.http().postTx(t.network.signed("alice",
                        new Transfer(TestNetwork.address("bob"), 0))), 422, "INVALID_AMOUNT"),
                refusal("escrow too low", t -> t.http().postTx(t.network.signed("alice",
                        new SubmitJob(Tenant.training(200), Tenant.training(200).worstCaseCost() - 1))), 422, "ESCROW_TOO_LOW"),
                refusal("a workload no provider runs", t -> t.http().postTx(t.network.signed("alice", new SubmitJob(
                        new JobSpec("bash", List.of(), 1, 60, 2 * CC), 1 * CC))), 422, "UNSUPPORTED_WORKLOAD"),
                refusal("an option the workload does not take", t -> t.http().postTx(t.network.signed("alice", new SubmitJob(
                        new JobSpec("train-names", List.of("--out", "/etc"), 1, 60, 2 * CC), 1 * CC))), 422,
                        "UNSUPPORTED_WORKLOAD"),
                refusal("unknown job", t -> t.http().postTx(t.network.signed("alice", new CancelJob(t.randomHash()))), 404, "UNKNOWN_JOB"),
                refusal("cancel someone else's job", t -> t.http().postTx(t.network.signed("bob", new CancelJob(t.leased.id()))),
                        403, "UNAUTHORIZED"),
                refusal("cancel a leased job", t -> t.http().postTx(t.network.signed("alice", new CancelJob(t.leased.id()))),
                        409, "INVALID_JOB_STATE"),
                refusal("usage receipt from a provider without the lease", t -> t.http().postTx(t.network.signed(OTHER_PROVIDER,
                        new UsageReceipt(t.leased.id(), 1, 1_000))), 403, "NOT_LEASE_HOLDER"),
                refusal("complete from a provider without the lease", t -> t.http().postTx(t.network.signed(OTHER_PROVIDER,
                        new CompleteJob(t.leased.id(), 1, t.randomHash()))), 403, "NOT_LEASE_HOLDER"),
                refusal("usage receipt from the lease holder for another attempt", t -> t.http().postTx(t.network.signed(HOLDER,
                        new UsageReceipt(t.leased.id(), 2, 1_000))), 403, "NOT_LEASE_HOLDER"),
                refusal("usage beyond the job's time limit", t -> t.http().postTx(t.network.signed(HOLDER,
                        new UsageReceipt(t.leased.id(), 1, Tenant.DEFAULT_MAX_SECONDS * 1000 + 1))), 422, "INVALID_USAGE"),
                refusal("AssignLease not signed by the coordinator", t -> t.http().postTx(t.network.signed("alice",
                        new AssignLease(t.leased.id(), TestNetwork.address(OTHER_PROVIDER)))), 403, "UNAUTHORIZED"),
                refusal("ReleaseLease not signed by the coordinator", t -> t.http().postTx(t.network.signed(HOLDER,
                        new ReleaseLease(t.leased.id(), 1, "mine now", 0))), 403, "UNAUTHORIZED"),
                refusal("SettleJob not signed by the coordinator", t -> t.http().postTx(t.network.signed(HOLDER,
                        new SettleJob(t.leased.id()))), 403, "UNAUTHORIZED"),
                refusal("a second lease of a leased job", t -> t.http().postTx(t.network.signed(TestNetwork.COORDINATOR,
                        new AssignLease(t.leased.id(), TestNetwork.address(OTHER_PROVIDER)))), 409, "INVALID_JOB_STATE"),
                refusal("a lease to an unregistered provider", t -> t.http().postTx(t.network.signed(TestNetwork.COORDINATOR,
                        new AssignLease(t.queued.id(), TestNetwork.address(BROKE)))), 404, "UNKNOWN_PROVIDER"),
                refusal("a lease to a provider above the job's price", t -> t.http().postTx(t.network.signed(TestNetwork.COORDINATOR,
                        new AssignLease(t.queued.id(), TestNetwork.address(PRICEY_PROVIDER)))), 422, "OFFER_MISMATCH"),
                refusal("settling a job that is not complete", t -> t.http().postTx(t.network.signed(TestNetwork.COORDINATOR,
                        new SettleJob(t.leased.id()))), 409, "INVALID_JOB_STATE"),
                refusal("a usage receipt for a queued job", t -> t.http().postTx(t.network.signed(OTHER_PROVIDER,
                        new UsageReceipt(t.queued.id(), 1, 1_000))), 403, "NOT_LEASE_HOLDER"),
                refusal("GET a job id that is not hex", t -> t.http().get("/v1/jobs/xyz"), 400, "BAD_JOB_ID"),
                refusal("GET an unknown job", t -> t.http().get("/v1/jobs/" + t.randomHash().hex()), 404, "UNKNOWN_JOB"),
                refusal("GET an address that is not base58", t -> t.http().get("/v1/accounts/0OIl"), 400, "BAD_ADDRESS"),
                refusal("GET the log from a negative height", t -> t.http().get("/v1/ledger/log?from=-1"), 400, "BAD_PARAMETER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedWithAStableCodeAndChangesNothing(Case refusal) {
        LedgerView before = network.ledger();

        RawHttp.Response response = refusal.send().apply(this);

        assertThat(response.status()).as(response.body()).isEqualTo(refusal.status());
        assertThat(response.error().code()).as(response.body()).isEqualTo(refusal.code());
        assertThat(response.error().message()).isNotBlank();
        assertUnchanged(before);
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedBeforeItIsRead() {
        LedgerView before = network.ledger();
        byte[] body = new byte[(int) HttpApi.MAX_REQUEST_BYTES + 1024];
        Arrays.fill(body, (byte) 'A');
        byte[] prefix = "{\"tx\":\"".getBytes();
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';

        RawHttp.Response response = http().post("/v1/tx", HttpRequest.BodyPublishers.ofByteArray(body));

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertUnchanged(before);
    }

    @Test
    void theCoordinatorStillServesAfterEveryRefusal() {
        LedgerView before = network.ledger();
        var accepted = network.tenant("alice").transfers("bob", 1);
        assertThat(accepted.height()).isEqualTo(before.height() + 1);
        assertThat(network.ledger().stateRoot()).isEqualTo(accepted.stateRoot()).isNotEqualTo(before.stateRoot());
        assertThat(network.replayFromStore().root().hex()).isEqualTo(accepted.stateRoot());
    }

    // ---- helpers the cases use ----

    private void assertUnchanged(LedgerView before) {
        LedgerView after = network.ledger();
        assertThat(after.height()).isEqualTo(before.height());
        assertThat(after.stateRoot()).isEqualTo(before.stateRoot());
        assertThat(network.replayFromStore().root().hex()).isEqualTo(before.stateRoot());
    }

    RawHttp http() {
        return network.http();
    }

    long nonce(String name) {
        return network.account(name).nonce();
    }

    SignedTx aliceTransfer() {
        return network.signed("alice", new Transfer(TestNetwork.address("bob"), 1));
    }

    byte[] truncated(SignedTx tx) {
        byte[] bytes = tx.encode();
        return Arrays.copyOf(bytes, bytes.length - 10);
    }

    byte[] extended(SignedTx tx) {
        byte[] bytes = tx.encode();
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** The signature is the last 64 bytes of the encoding; one flipped bit there must not pass. */
    byte[] flippedSignature(SignedTx tx) {
        byte[] bytes = tx.encode();
        bytes[bytes.length - 1] ^= 0x01;
        return bytes;
    }

    Hash randomHash() {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return new Hash(bytes);
    }

    private static Arguments refusal(String name, Function<BadInputAcceptanceTest, RawHttp.Response> send, int status,
            String code) {
        return Arguments.of(Named.of(name, new Case(send, status, code)));
    }

    private static HardwareOffer cpuOffer(long price) {
        return new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", price);
    }
}
