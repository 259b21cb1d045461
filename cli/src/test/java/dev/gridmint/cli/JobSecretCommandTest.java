package dev.gridmint.cli;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.protocol.SealedSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job submit --secret}: sealed to the online provider's verified key, never in the ledger's arguments in clear. */
class JobSecretCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsSealedToEachOnlineProviderAndOnlyItsEnvelopeReachesTheLedger() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            var provider = network.provider("p1");
            provider.start(1 * CC);
            Eventually.await("the provider's sealing key", Duration.ofSeconds(30), () -> {
                try {
                    return network.client().sealingKey(provider.address()) != null;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            network.tenant("alice").buysCredits(20 * CC);
            Path key = dir.resolve("alice.json");
            KeypairFile.write(key, TestNetwork.key("alice"));
            Path secretFile = dir.resolve("token.txt");
            Files.writeString(secretFile, "tok-" + Long.toHexString(System.nanoTime()) + "\n");
            String secret = Files.readString(secretFile).strip();

            CliRun run = CliRun.of("job", "submit", "--key", key.toString(), "--coordinator", network.url(), "--json",
                    "--max-seconds", "60", "--secret", "TOKEN=@" + secretFile, "container", "--",
                    "--image", "localhost/gridmint/busybox:latest", "--command", "[\"true\"]");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out() + run.err()).doesNotContain(secret);
            // The in-process network logs to the same stdout, so the job is found on the ledger: the only one there.
            var job = network.client().jobs().getFirst();
            List<String> args = job.args();
            assertThat(String.join(" ", args)).doesNotContain(secret);
            int sealed = args.indexOf(SealedSecrets.OPTION);
            assertThat(sealed).as("one envelope, for the one online provider").isPositive()
                    .isEqualTo(args.lastIndexOf(SealedSecrets.OPTION));
            assertThat(args.get(sealed + 1)).startsWith("TOKEN:");
        }
    }

    @Test
    void secretsAreForContainerJobsAndNeedANameAndAValue() throws Exception {
        Path key = dir.resolve("k.json");
        KeypairFile.write(key, TestNetwork.key("alice"));

        assertThat(CliRun.of("job", "submit", "--key", key.toString(), "--coordinator", "http://127.0.0.1:1", "--secret", "A=b",
                "train-names").err()).contains("--secret is for container jobs");
        assertThat(CliRun.of("job", "submit", "--key", key.toString(), "--coordinator", "http://127.0.0.1:1", "--secret", "NOVALUE",
                "container", "--", "--image", "busybox").err()).contains("NAME=VALUE");
        assertThat(CliRun.of("job", "submit", "--help").out()).contains("--secret");
    }
}
