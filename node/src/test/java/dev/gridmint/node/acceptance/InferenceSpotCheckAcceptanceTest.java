package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.Inference;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.checker.Checker;
import dev.gridmint.node.checker.CheckerConfig;
import dev.gridmint.node.checker.CheckerVerdict;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.SignedPass;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output spot checks end to end: a real coordinator's gateway in front of three providers serving the
 * names model, one of them altering what it serves ({@code --cheat alter-output}); every seeded request
 * is re-run (the fraction is 1 here) on another provider, a mismatch is refereed by the third, and a
 * staked checker re-derives each check from its evidence and signs SPOT_CHECK verdicts that the epoch
 * close turns into a slash of the cheater alone.
 */
class InferenceSpotCheckAcceptanceTest {

    private static final long EPOCH_SECONDS = 60;
    private static final long CHECKER_STAKE = 10_000 * GRID;
    /** Scaled as in VerificationAcceptanceTest, so the checker's challenges stay small on a shared test machine. */
    private static final ChallengePolicy POLICY = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 0.05);

    @TempDir
    Path dir;

    @Test
    void aProviderAlteringItsOutputsIsCaughtRefereedAndSlashedWhileHonestProvidersAreNot() throws Exception {
        try (var network = TestNetwork.builder().epochSeconds(EPOCH_SECONDS).spotCheckFraction(1).fund("checker-1", 2 * CHECKER_STAKE)
                .start(dir)) {
            List<ProviderNode> honest = List.of(network.provider("honest-1").start(1 * CC), network.provider("honest-2").start(1 * CC));
            ProviderNode cheater = network.provider("cheater").startCheating(Cheat.ALTER_OUTPUT, 1 * CC);
            var operator = network.tenant("bob");
            for (int i = 0; i < 3; i++) {
                operator.submits(Inference.serving(NamesChatModel.ID)).awaitStatus("LEASED");
            }
            network.tenant("alice").buysCredits(5 * CC);
            // The checker registers and stakes first: the evidence, real users' outputs, is for staked checkers only.
            List<CheckerVerdict> verdicts = new ArrayList<>();
            Checker checker = Checker.open(new CheckerConfig(network.url(), TestNetwork.key("checker-1"), CHECKER_STAKE,
                    Duration.ofMinutes(15), 10, POLICY), verdicts::add);
            var inference = new Inference(network);
            String key = inference.apiKey("alice");
            inference.awaitServing(key, NamesChatModel.ID, "/v1/chat/completions", chat(0));
            Set<Address> providers = network.client().jobs().stream().filter(j -> "LEASED".equals(j.status()))
                    .map(j -> Address.parse(j.lease().provider())).collect(Collectors.toSet());
            assertThat(providers).as("one serving job on each provider")
                    .containsExactlyInAnyOrder(honest.get(0).address(), honest.get(1).address(), cheater.address());

            // Seeded requests, whole and streamed in turn, until a check of each kind has met the cheater (as the
            // answering provider or as the re-runner).
            for (int seed = 1; seed <= 30 && !caughtBothWays(network, cheater.address()); seed++) {
                int checked = evidence(network, 0).size();
                boolean streamed = seed % 2 == 0;
                var response = inference.post("/v1/chat/completions", key, streamed ? streamedChat(seed) : chat(seed));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(Gateway.PROVIDER_HEADER)).isPresent();
                awaitMoreChecks(network, checked);
            }
            Eventually.await("spot checks of a whole and a streamed answer to catch the cheater", Duration.ofSeconds(30),
                    () -> caughtBothWays(network, cheater.address()));
            List<SpotCheckView> checks = evidence(network, 0);
            assertThat(checks).extracting(SpotCheckView::streamed).contains(true, false);
            assertThat(checks).isNotEmpty();
            for (SpotCheckView check : checks) {
                boolean cheaterInvolved = check.original().provider().equals(cheater.address().toString())
                        || check.rerun().provider().equals(cheater.address().toString());
                assertThat(check.model()).isEqualTo(NamesChatModel.ID);
                assertThat(check.rerun().provider()).isNotEqualTo(check.original().provider());
                if (!cheaterInvolved) {
                    assertThat(check.outcome()).isEqualTo("MATCH");
                    assertThat(check.referee()).isNull();
                    continue;
                }
                // The referee is the third provider, an honest one, and it sides with the other honest one.
                assertThat(check.referee()).isNotNull();
                assertThat(check.referee().provider()).isNotEqualTo(cheater.address().toString());
                boolean cheaterAnswered = check.original().provider().equals(cheater.address().toString());
                assertThat(check.outcome()).isEqualTo(cheaterAnswered ? "ORIGINAL_AT_FAULT" : "RERUN_AT_FAULT");
                assertThat(check.toEvidence().atFault()).hasValue(cheater.address());
                assertThat(check.toEvidence().hash().hex()).isEqualTo(check.evidence());
            }
            SpotCheckView caught = checks.stream().filter(c -> !c.outcome().equals("MATCH")).findFirst().orElseThrow();
            // The console's view lists the checks too.
            VerificationView view = network.client().verification();
            assertThat(view.spotChecks()).extracting(VerificationView.SpotCheckEntry::evidence).contains(caught.evidence());
            // The evidence endpoint pages by running number and refuses a malformed one.
            assertThat(evidence(network, checks.getLast().seq())).isEmpty();
            String checkerPass = SignedPass.sign(SignedPass.Purpose.EVIDENCE, TestNetwork.key("checker-1"), network.client().networkId(),
                    System.currentTimeMillis() + 30_000).text();
            assertThat(evidenceCall(network, "?after=-1", checkerPass)).isEqualTo("400 BAD_PARAMETER");
            // Nobody else reads the outputs: not without a pass, not with a provider's pass, not with a pass for another use.
            assertThat(evidenceCall(network, "", null)).isEqualTo("401 CHECKER_PASS_REQUIRED");
            assertThat(evidenceCall(network, "", SignedPass.sign(SignedPass.Purpose.EVIDENCE, TestNetwork.key("honest-1"),
                    network.client().networkId(), System.currentTimeMillis() + 30_000).text())).isEqualTo("403 NOT_A_CHECKER");
            assertThat(evidenceCall(network, "", SignedPass.sign(SignedPass.Purpose.LINK_PROBE, TestNetwork.key("checker-1"),
                    network.client().networkId(), System.currentTimeMillis() + 30_000).text())).isEqualTo("401 BAD_CHECKER_PASS");

            network.freezeTime();
            long round = network.ledger().epoch();
            Map<String, Long> stakeBefore = new java.util.HashMap<>();
            honest.forEach(p -> stakeBefore.put(p.name(), p.stake()));
            long cheaterStakeBefore = cheater.stake();

            checker.audit();

            List<CheckerVerdict> spot = verdicts.stream().filter(v -> v.kind() == VerdictKind.SPOT_CHECK).toList();
            assertThat(spot).allMatch(CheckerVerdict::accepted);
            CheckerVerdict against = spot.stream().filter(v -> v.provider().equals(cheater.address())).findFirst().orElseThrow();
            assertThat(against.score()).isZero();
            assertThat(against.reason()).isEqualTo("ALTERED_OUTPUT");
            assertThat(checks).extracting(SpotCheckView::evidence).contains(against.evidence());
            for (ProviderNode provider : honest) {
                assertThat(spot).filteredOn(v -> v.provider().equals(provider.address())).as(provider.name())
                        .isNotEmpty().allMatch(v -> v.score() == Reputation.MAX);
            }
            assertThat(network.client().verification().verdicts())
                    .filteredOn(v -> v.kind().equals("SPOT_CHECK") && v.provider().equals(cheater.address().toString()))
                    .singleElement().satisfies(v -> {
                        assertThat(v.score()).isZero();
                        assertThat(v.evidence()).isEqualTo(against.evidence());
                    });

            network.advanceTime(Duration.ofSeconds(EPOCH_SECONDS));

            Map<String, VerificationView.OutcomeEntry> outcomes = network.client().verification().outcomes().stream()
                    .filter(o -> o.kind().equals("SPOT_CHECK"))
                    .collect(Collectors.toMap(VerificationView.OutcomeEntry::provider, o -> o));
            var cheaterOutcome = outcomes.get(cheater.address().toString());
            assertThat(cheaterOutcome.epoch()).isEqualTo(round);
            assertThat(cheaterOutcome.consensus()).isZero();
            assertThat(cheaterOutcome.slashed()).isPositive();
            assertThat(cheater.stake()).isLessThan(cheaterStakeBefore);
            for (ProviderNode provider : honest) {
                var outcome = outcomes.get(provider.address().toString());
                assertThat(outcome.consensus()).as(provider.name()).isEqualTo(Reputation.MAX);
                assertThat(outcome.slashed()).isZero();
                assertThat(provider.stake()).isEqualTo(stakeBefore.get(provider.name()));
            }
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    /** Paces the requests: the re-runs of one finish before the next is sent (or a check that found no second provider is given up). */
    private static void awaitMoreChecks(TestNetwork network, int checked) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (evidence(network, 0).size() <= checked && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static List<SpotCheckView> evidence(TestNetwork network, long after) {
        return network.client().spotCheckEvidence(TestNetwork.key("checker-1"), after);
    }

    /** {@code GET /v1/verification/evidence} with the pass given (none when null): its status and error code. */
    private static String evidenceCall(TestNetwork network, String query, String pass) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(network.url() + "/v1/verification/evidence" + query));
        if (pass != null) {
            request.header(SignedPass.Purpose.EVIDENCE.header(), pass);
        }
        var response = java.net.http.HttpClient.newHttpClient().send(request.GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + Json.MAPPER.readTree(response.body()).path("code").asString();
    }

    private static boolean caughtBothWays(TestNetwork network, Address cheater) {
        return caught(network, cheater, false) && caught(network, cheater, true);
    }

    /** Whether a recorded check of a whole or of a streamed answer already found the cheater at fault. */
    private static boolean caught(TestNetwork network, Address cheater, boolean streamed) {
        return evidence(network, 0).stream()
                .anyMatch(c -> c.streamed() == streamed && c.toEvidence().atFault().filter(cheater::equals).isPresent());
    }

    private static String chat(long seed) {
        return Json.write(Map.of("model", NamesChatModel.ID, "seed", seed, "max_tokens", 12, "stop", "\n",
                "messages", List.of(Map.of("role", "user", "content", "Name a baby"))));
    }

    private static String streamedChat(long seed) {
        return Json.write(Map.of("model", NamesChatModel.ID, "seed", seed, "max_tokens", 12, "stop", "\n", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", "Name a baby"))));
    }
}
