package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.RawHttp;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.checker.Checker;
import dev.gridmint.node.checker.CheckerConfig;
import dev.gridmint.node.checker.CheckerVerdict;
import dev.gridmint.node.client.CoordinatorClient.CoordinatorException;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.ChallengeRequest;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.ReplayGuard;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification layer end to end, on real sockets: staked checkers challenge real agents through
 * the coordinator, judge the signed answers on their own clocks, and submit verdicts; the epoch close
 * turns them into reputation and slashes. The checkers audit when the test says so ({@link
 * Checker#audit()}), with the ledger clock frozen, so each round lands in the epoch the test closes.
 */
class VerificationAcceptanceTest {

    private static final long EPOCH_SECONDS = 60;
    private static final long CHECKER_STAKE = 10_000 * GRID;
    /** A names-training job short enough to run three times (once by the provider, up to twice by the checker) in seconds. */
    private static final int SPOT_STEPS = 30;
    /**
     * Device throughput scaled by 1/20, as the adversarial bench does: a CPU challenge is then about
     * 800×800 instead of 2,150×2,150, so five agents sharing a test machine answer well within their
     * deadlines; every ratio, and so every verdict, is as at full scale.
     */
    private static final ChallengePolicy POLICY = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 0.05);

    @TempDir
    Path dir;

    private static TestNetwork.Builder network() {
        return TestNetwork.builder().epochSeconds(EPOCH_SECONDS)
                .fund("checker-1", 2 * CHECKER_STAKE).fund("checker-2", 2 * CHECKER_STAKE).fund("checker-3", 2 * CHECKER_STAKE);
    }

    private static Checker checker(TestNetwork network, String name, List<CheckerVerdict> verdicts) {
        return Checker.open(new CheckerConfig(network.url(), TestNetwork.key(name), CHECKER_STAKE, Duration.ofMinutes(15), 10, POLICY),
                verdicts::add);
    }

    @Test
    void checkersCatchASpoofedGpuAndAWrongProductAndTheEpochCloseSlashesOnlyTheCheaters() {
        try (var network = network().start(dir)) {
            List<ProviderNode> honest = List.of(network.provider("honest-1").start(1 * CC), network.provider("honest-2").start(1 * CC),
                    network.provider("honest-3").start(1 * CC));
            ProviderNode spoofer = network.provider("spoofer").startCheating(Cheat.SPOOF, 1 * CC);
            ProviderNode miscalculator = network.provider("miscalculator").startCheating(Cheat.WRONG_PRODUCT, 1 * CC);
            List<CheckerVerdict> verdicts = new ArrayList<>();
            List<Checker> checkers = List.of(checker(network, "checker-1", verdicts), checker(network, "checker-2", verdicts),
                    checker(network, "checker-3", verdicts));
            network.freezeTime();
            Map<String, Long> stakeBefore = stakes(honest, spoofer, miscalculator);
            long round = network.ledger().epoch();

            checkers.forEach(Checker::audit);

            assertThat(verdicts).hasSize(15).allMatch(CheckerVerdict::accepted).allMatch(v -> v.kind() == VerdictKind.CHALLENGE);
            Map<Address, List<Integer>> scores = verdicts.stream().collect(Collectors.groupingBy(CheckerVerdict::provider,
                    Collectors.mapping(CheckerVerdict::score, Collectors.toList())));
            honest.forEach(p -> assertThat(scores.get(p.address())).as(p.name()).containsOnly(Reputation.MAX));
            assertThat(scores.get(spoofer.address())).containsOnly(0);
            assertThat(scores.get(miscalculator.address())).containsOnly(0);
            assertThat(verdicts).filteredOn(v -> v.provider().equals(spoofer.address()))
                    .extracting(CheckerVerdict::reason).containsOnly("CHALLENGE_TOO_LARGE");
            assertThat(verdicts).filteredOn(v -> v.provider().equals(miscalculator.address()))
                    .extracting(CheckerVerdict::reason).containsOnly("WRONG_PRODUCT");
            VerificationView open = network.client().verification();
            assertThat(open.epoch()).isEqualTo(round);
            assertThat(open.verdicts()).hasSize(15);
            assertThat(open.checkers()).hasSize(3).allSatisfy(c -> {
                assertThat(c.verdicts()).isEqualTo(5);
                assertThat(c.outvoted()).isZero();
                assertThat(c.delegated()).isEqualTo(CHECKER_STAKE);
            });

            network.advanceTime(Duration.ofSeconds(EPOCH_SECONDS));

            VerificationView closed = network.client().verification();
            assertThat(closed.epoch()).isEqualTo(round + 1);
            assertThat(closed.verdicts()).isEmpty();
            Map<String, VerificationView.OutcomeEntry> outcomes = closed.outcomes().stream()
                    .collect(Collectors.toMap(VerificationView.OutcomeEntry::provider, Function.identity()));
            for (ProviderNode cheater : List.of(spoofer, miscalculator)) {
                var outcome = outcomes.get(cheater.address().toString());
                assertThat(outcome.epoch()).isEqualTo(round);
                assertThat(outcome.kind()).isEqualTo("CHALLENGE");
                assertThat(outcome.consensus()).isZero();
                assertThat(outcome.slashed()).as(cheater.name()).isPositive();
                // A slash takes unclaimed rewards (the close just paid some) before bonded stake.
                long lost = stakeBefore.get(cheater.name()) - cheater.stake();
                assertThat(lost).isPositive().isLessThanOrEqualTo(outcome.slashed());
                assertThat(cheater.view().reputation()).isLessThan(Reputation.NEUTRAL);
            }
            for (ProviderNode provider : honest) {
                var outcome = outcomes.get(provider.address().toString());
                assertThat(outcome.consensus()).isEqualTo(Reputation.MAX);
                assertThat(outcome.slashed()).isZero();
                assertThat(provider.stake()).as(provider.name()).isEqualTo(stakeBefore.get(provider.name()));
                assertThat(provider.view().reputation()).isGreaterThan(Reputation.NEUTRAL);
            }
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    /**
     * Spot checks of real work: an honest provider and a lazy one (it signs a corrupted result hash)
     * each finish a short names-training job; the checker re-executes both locally, submits SPOT_CHECK
     * 1000 for the honest result and 0 for the wrong one, and the epoch close slashes the lazy
     * provider for fraud.
     */
    @Test
    void aSpotCheckReExecutesFinishedJobsAndTheEpochCloseSlashesAWrongResult() {
        try (var network = network().start(dir)) {
            ProviderNode honest = network.provider("honest").start(2 * CC);
            var alice = network.tenant("alice");
            var honestJob = alice.submitsTraining(SPOT_STEPS);
            assertThat(honestJob.awaitStatus("SETTLED", Duration.ofSeconds(60)).lease().provider()).isEqualTo(honest.address().toString());
            ProviderNode lazy = network.provider("lazy").startCheating(Cheat.WRONG_RESULT, 1 * CC);
            var lazyJob = alice.submitsTraining(SPOT_STEPS);
            var lazyView = lazyJob.awaitStatus("SETTLED", Duration.ofSeconds(60));
            assertThat(lazyView.lease().provider()).isEqualTo(lazy.address().toString());
            assertThat(lazyView.resultHash()).isNotEqualTo(honestJob.view().resultHash());

            List<CheckerVerdict> verdicts = new ArrayList<>();
            Checker checker = checker(network, "checker-1", verdicts);
            network.freezeTime();
            long lazyStakeBefore = lazy.stake();
            long honestStakeBefore = honest.stake();
            long round = network.ledger().epoch();

            checker.audit();

            List<CheckerVerdict> spot = verdicts.stream().filter(v -> v.kind() == VerdictKind.SPOT_CHECK).toList();
            assertThat(spot).hasSize(2).allMatch(CheckerVerdict::accepted);
            assertThat(spot).filteredOn(v -> v.provider().equals(honest.address()))
                    .extracting(CheckerVerdict::score, CheckerVerdict::reason).containsExactly(tuple(Reputation.MAX, "RESULT_REPRODUCED"));
            CheckerVerdict caught = spot.stream().filter(v -> v.provider().equals(lazy.address())).findFirst().orElseThrow();
            assertThat(caught.score()).isZero();
            assertThat(caught.reason()).isEqualTo("WRONG_RESULT");
            assertThat(caught.evidence()).isEqualTo(Hash.sha256(lazyJob.id().bytes(), Hash.parse(lazyView.resultHash()).bytes(),
                    Hash.parse(honestJob.view().resultHash()).bytes()).hex());
            // Each job is looked at once: a second round finds nothing new to check.
            verdicts.clear();
            checker.audit();
            assertThat(verdicts).noneMatch(v -> v.kind() == VerdictKind.SPOT_CHECK);

            network.advanceTime(Duration.ofSeconds(EPOCH_SECONDS));

            Map<String, VerificationView.OutcomeEntry> outcomes = network.client().verification().outcomes().stream()
                    .filter(o -> o.kind().equals("SPOT_CHECK"))
                    .collect(Collectors.toMap(VerificationView.OutcomeEntry::provider, Function.identity()));
            var lazyOutcome = outcomes.get(lazy.address().toString());
            assertThat(lazyOutcome.epoch()).isEqualTo(round);
            assertThat(lazyOutcome.consensus()).isZero();
            assertThat(lazyOutcome.slashed()).isPositive();
            // A slash takes the rewards the close just paid before bonded stake, so how much of it comes out of the
            // stake depends on those rewards; the stake never grows.
            assertThat(lazy.stake()).isLessThanOrEqualTo(lazyStakeBefore);
            var honestOutcome = outcomes.get(honest.address().toString());
            assertThat(honestOutcome.consensus()).isEqualTo(Reputation.MAX);
            assertThat(honestOutcome.slashed()).isZero();
            assertThat(honest.stake()).isEqualTo(honestStakeBefore);
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    @Test
    void forgedVerdictsReplayedChallengesAndForeignAnswersAreRefused() {
        try (var network = network().fund("mallory", 20_000 * GRID).start(dir)) {
            ProviderNode alice = network.provider("alice-gpu").start(1 * CC);
            ProviderNode bob = network.provider("bob-gpu").start(1 * CC);
            List<CheckerVerdict> ignored = new ArrayList<>();
            Checker checker = checker(network, "checker-1", ignored);
            long round = network.ledger().epoch();
            var verdict = new SubmitVerdict(alice.address(), round, VerdictKind.CHALLENGE, 0, Hash.sha256(new byte[] {1}));

            // A verdict signed by someone who is not a checker.
            assertThatThrownBy(() -> network.submit("mallory", verdict))
                    .isInstanceOfSatisfying(CoordinatorException.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN_CHECKER"));
            // A checker's verdict with its signature tampered with.
            SignedTx signed = network.signed("checker-1", verdict);
            byte[] bytes = TxCodec.encode(signed);
            bytes[bytes.length - 1] ^= 1;
            assertThat(network.http().postTxBytes(bytes).error().code()).isEqualTo("BAD_SIGNATURE");

            // A challenge from someone who is not a checker, and one whose signature is not the checker's.
            Challenge forAlice = POLICY.issue(checker.address(), alice.address(), Hash.sha256(new byte[] {2}), round, "CPU").orElseThrow();
            Challenge byMallory = POLICY.issue(TestNetwork.address("mallory"), alice.address(), Hash.sha256(new byte[] {3}), round, "CPU")
                    .orElseThrow();
            assertThat(postChallenge(network, ChallengeRequest.sign(TestNetwork.key("mallory"), byMallory)).error().code())
                    .isEqualTo("UNKNOWN_CHECKER");
            assertThat(postChallenge(network, ChallengeRequest.sign(TestNetwork.key("mallory"), forAlice)).error().code())
                    .isEqualTo("BAD_SIGNATURE");

            // The coordinator relays a challenge id once.
            var request = ChallengeRequest.sign(TestNetwork.key("checker-1"), forAlice);
            long sent = System.nanoTime();
            AgentMessage answer = network.client().challenge(request);
            long observed = System.nanoTime() - sent;
            assertThat(postChallenge(network, request).error().code()).isEqualTo("REPLAYED_CHALLENGE");

            // The checker's verifier: a second look at the same answer is a replay ...
            ChallengeResponse response = Proofs.response((AgentMessage.ProofResponse) answer);
            var verifier = new ChallengeVerifier(POLICY, new ReplayGuard(16));
            assertThat(verifier.verify(forAlice, response, observed)).isInstanceOf(ChallengeVerdict.Passed.class);
            assertThat(verifier.verify(forAlice, response, observed)).isInstanceOf(ChallengeVerdict.Replayed.class);
            // ... and alice's answer is no answer to a challenge of bob.
            Challenge forBob = POLICY.issue(checker.address(), bob.address(), Hash.sha256(new byte[] {4}), round, "CPU").orElseThrow();
            assertThat(verifier.verify(forBob, response, observed)).isInstanceOf(ChallengeVerdict.ForeignChallenge.class);

            // The coordinator relays no answer to a challenge it has not sent to that agent.
            network.registerProvider("carol", new HardwareOffer(DeviceClass.CPU, "CPU", 1, 0, 4, 8_192, "test-region", 1 * CC));
            try (var socket = AgentSocket.connect(network.agentUrl())) {
                socket.login(TestNetwork.key("carol"));
                socket.send(answer);
                assertThat(socket.next(AgentMessage.Error.class).code()).isEqualTo("UNKNOWN_CHALLENGE");
            }
        }
    }

    @Test
    void theChallengeEndpointRefusesOversizedAndMalformedBodies() {
        try (var network = network().start(dir)) {
            var http = network.http();
            var oversized = http.post("/v1/challenges", HttpRequest.BodyPublishers.ofString("{\"checker\":\"" + "x".repeat(5_000) + "\"}"));
            assertThat(oversized.status()).isEqualTo(413);
            assertThat(oversized.error().code()).isEqualTo("BODY_TOO_LARGE");

            var unknownField = http.post("/v1/challenges", HttpRequest.BodyPublishers.ofString("{\"checker\":\"a\",\"extra\":1}"));
            assertThat(unknownField.status()).isEqualTo(400);
            assertThat(unknownField.error().code()).isEqualTo("MALFORMED");

            var request = ChallengeRequest.sign(TestNetwork.key("checker-1"),
                    POLICY.issue(TestNetwork.address("checker-1"), TestNetwork.address("alice"), Hash.sha256(new byte[] {5}), 0, "CPU")
                            .orElseThrow());
            var tooLarge = new ChallengeRequest(request.checker(), request.provider(), request.seed(), 0, Proofs.MAX_N + 1,
                    request.precision(), request.claimedModel(), request.deadlineNanos(), request.signature());
            var refused = postChallenge(network, tooLarge);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error().code()).isEqualTo("BAD_CHALLENGE");
        }
    }

    private static RawHttp.Response postChallenge(TestNetwork network, ChallengeRequest request) {
        return network.http().post("/v1/challenges", HttpRequest.BodyPublishers.ofString(Json.write(request)));
    }

    private static Map<String, Long> stakes(List<ProviderNode> honest, ProviderNode... cheaters) {
        List<ProviderNode> all = new ArrayList<>(honest);
        all.addAll(List.of(cheaters));
        return all.stream().collect(Collectors.toMap(ProviderNode::name, ProviderNode::stake));
    }
}
