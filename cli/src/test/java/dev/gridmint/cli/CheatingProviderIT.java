package dev.gridmint.cli;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.checker.Checker;
import dev.gridmint.node.checker.CheckerConfig;
import dev.gridmint.node.checker.CheckerVerdict;
import dev.gridmint.verify.challenge.ChallengePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cheating provider as a user would run one: {@code gridmint provider --cheat spoof} in its own
 * process, claiming an H100 on a CPU. A staked checker challenges it through the coordinator, the
 * agent cannot answer an H100-sized product, the verdict lands on the ledger, and the epoch close
 * slashes the cheater and lowers its reputation.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CheatingProviderIT {

    private static final long EPOCH_SECONDS = 60;
    private static final long CHECKER_STAKE = 10_000 * GRID;
    /** The acceptance tests' scaled policy: every ratio, and so every verdict, is as at full scale. */
    private static final ChallengePolicy POLICY = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 0.05);

    @TempDir
    Path dir;

    private final Path root = Path.of("").toAbsolutePath().getParent();

    @Test
    void aSpoofingProviderProcessIsChallengedAndSlashed() throws Exception {
        try (var network = TestNetwork.builder().epochSeconds(EPOCH_SECONDS).fund("checker", 2 * CHECKER_STAKE).start(dir.resolve("net"))) {
            network.fundProvider("spoofer");
            Path key = dir.resolve("spoofer.json");
            KeypairFile.write(key, TestNetwork.key("spoofer"));
            Address spoofer = TestNetwork.address("spoofer");
            Process agent = new ProcessBuilder(List.of(root.resolve("gridmint").toString(), "provider", "--key", key.toString(),
                    "--coordinator", network.url(), "--data-dir", dir.resolve("provider").toString(), "--cheat", "spoof"))
                    .directory(root.toFile())
                    .redirectOutput(dir.resolve("provider.out").toFile())
                    .redirectError(dir.resolve("provider.err").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            try {
                Eventually.await("the spoofer's agent to be registered, online and staked", Duration.ofSeconds(60),
                        () -> network.state().provider(spoofer).isPresent() && network.providerView(spoofer).online()
                                && network.providerView(spoofer).active());
                assertThat(network.providerView(spoofer).deviceModel()).as("it claims an H100").contains("H100");
                List<CheckerVerdict> verdicts = new ArrayList<>();
                Checker checker = Checker.open(new CheckerConfig(network.url(), TestNetwork.key("checker"), CHECKER_STAKE,
                        Duration.ofMinutes(15), 10, POLICY), verdicts::add);
                network.freezeTime();
                long stakeBefore = network.account("spoofer").providerStake();
                long round = network.ledger().epoch();

                checker.audit();

                assertThat(verdicts).filteredOn(v -> v.kind() == VerdictKind.CHALLENGE).singleElement().satisfies(v -> {
                    assertThat(v.provider()).isEqualTo(spoofer);
                    assertThat(v.score()).isZero();
                    assertThat(v.accepted()).isTrue();
                });
                network.advanceTime(Duration.ofSeconds(EPOCH_SECONDS));

                VerificationView.OutcomeEntry outcome = network.client().verification().outcomes().stream()
                        .filter(o -> o.provider().equals(spoofer.toString()) && o.kind().equals("CHALLENGE"))
                        .findFirst().orElseThrow();
                assertThat(outcome.epoch()).isEqualTo(round);
                assertThat(outcome.consensus()).isZero();
                assertThat(outcome.slashed()).isPositive();
                assertThat(network.account("spoofer").providerStake()).isLessThanOrEqualTo(stakeBefore);
                assertThat(network.providerView(spoofer).reputation()).isLessThan(Reputation.NEUTRAL);
            } finally {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
