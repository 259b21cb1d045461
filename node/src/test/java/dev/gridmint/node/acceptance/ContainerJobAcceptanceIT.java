package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.acceptance.dsl.AgentProcess;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.agent.ProviderAgent;
import dev.gridmint.node.agent.runtime.CliRuntime;
import dev.gridmint.node.agent.runtime.ContainerSpec;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.PortAccess;
import dev.gridmint.node.protocol.SealedSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container job through the marketplace: a real podman container of the busybox image, billed from metered usage. */
class ContainerJobAcceptanceIT {

    static final String IMAGE = System.getenv().getOrDefault("GRIDMINT_BUSYBOX_IMAGE", "localhost/gridmint/busybox:latest");

    @TempDir
    Path dir;

    @BeforeAll
    static void podmanIsHere() throws Exception {
        boolean here;
        try {
            here = new ProcessBuilder("podman", "--version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            here = false;
        }
        if (!here) {
            System.err.println("SKIPPED ContainerJobAcceptanceIT: podman is not installed (run shared/tools/setup-podman.sh)");
        }
        assumeTrue(here, "podman is not installed");
    }

    static JobSpec busybox(String command, int memoryMb) {
        return new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", Integer.toString(memoryMb), "--command", command),
                1, 60, 10 * CC);
    }

    @Test
    void aContainerJobRunsIsBilledFromMeteredUsageAndSettles() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").start(1 * CC);

            JobHandle job = network.tenant("alice").submits(busybox("[\"sh\",\"-c\",\"echo start; sleep 2; echo done\"]", 64));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            assertThat(settled.usageMillis()).isGreaterThanOrEqualTo(1000).isLessThanOrEqualTo(60_000);
            String log = network.http().get("/v1/jobs/" + job.id().hex() + "/logs").body();
            assertThat(log).as("the container's lines reach the coordinator's job log").contains("\"start\"").contains("\"done\"");
            assertThat(settled.charged()).isPositive();
            assertThat(settled.resultHash()).isNotBlank();
        }
    }

    /**
     * A secret sealed to the provider's announced key travels in the job's public arguments, opens only
     * at that provider, and reaches the container as an env var: the job prints its SHA-256, never the
     * secret, and neither the ledger nor the job's log holds it in clear.
     */
    @Test
    void aSecretSealedToTheProviderReachesTheContainerAndNothingElse() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            var provider = network.provider("p1");
            provider.start(1 * CC);
            var client = network.client();
            String networkId = client.ledger().networkId();
            SealedSecrets.SealingKey key = Eventually.await("the provider's sealing key", Duration.ofSeconds(30), () -> {
                try {
                    return client.sealingKey(provider.address());
                } catch (RuntimeException notYet) {
                    return null;
                }
            }, k -> k != null);
            assertThat(SealedSecrets.problem(key, networkId)).as("signed by the provider").isEmpty();
            var alice = network.tenant("alice");
            String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
            String sealed = SealedSecrets.seal(key, networkId, alice.address().toString(), "TOKEN", secret, new java.security.SecureRandom());

            JobHandle job = alice.submits(new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", "64",
                    "--command", "[\"sh\",\"-c\",\"printf %s \\\"$TOKEN\\\" | sha256sum\"]", "--sealed-secret", sealed), 1, 60, 10 * CC));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            String log = network.http().get("/v1/jobs/" + job.id().hex() + "/logs").body();
            assertThat(log).as("the container saw the secret").contains(Hash.sha256(secret.getBytes(StandardCharsets.UTF_8)).hex());
            assertThat(log).doesNotContain(secret);
            assertThat(String.join(" ", settled.args())).as("the ledger holds it sealed").doesNotContain(secret);
        }
    }

    /**
     * A long job is billed in steps while it runs: the agent signs its cumulative usage every second,
     * the ledger bills the lease on each receipt, and the final receipt is never below an interim one.
     */
    @Test
    void aLongContainerJobIsBilledInStepsWhileItRuns() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").reportingUsageEvery(Duration.ofSeconds(1)).start(1 * CC);

            JobHandle job = network.tenant("alice").submits(busybox("[\"sh\",\"-c\",\"sleep 6; echo done\"]", 64));
            job.awaitStatus("LEASED");
            JobView midway = Eventually.await("the job to be billed while it runs", Duration.ofSeconds(30), job::view,
                    view -> view.status().equals("LEASED") && view.usageMillis() > 0 && view.charged() > 0);
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            List<Long> receipts = network.transactions(UsageReceipt.class).stream()
                    .filter(r -> r.jobId().equals(job.id())).map(UsageReceipt::usageMillis).toList();
            assertThat(receipts).as("interim receipts and the final one").hasSizeGreaterThanOrEqualTo(3).isSorted();
            assertThat(receipts.getLast()).isEqualTo(settled.usageMillis()).isGreaterThanOrEqualTo(6_000);
            assertThat(midway.usageMillis()).isLessThan(settled.usageMillis());
            assertThat(job.billings().stream().filter(b -> b.txType().equals("UsageReceipt") && b.charged() > 0))
                    .as("receipts that billed the lease as it ran").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /**
     * The agent runs in a process of its own and is killed with SIGKILL while its container job runs;
     * started again on the same key and data directory, it adopts the container (the same one: its
     * ticks continue and its result is the hash of its whole, unbroken output), removes an orphan
     * container of a lease it does not hold, and the job is billed once, for the container's run.
     */
    @Test
    void anAgentKilledMidJobAdoptsItsContainerOnRestartAndBillsItOnce() throws Exception {
        String ticker = "i=0; while [ $i -lt 20 ]; do echo tick $i; i=$((i+1)); sleep 1; done; echo done";
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            expected.append("tick ").append(i).append('\n');
        }
        expected.append("done\n");
        String orphanJob = "0f".repeat(32);
        Path data = dir.resolve("p1");
        Path agentLog = dir.resolve("agent.log");
        long price = 1 * CC;
        List<AgentProcess> agents = new java.util.ArrayList<>();
        try (var network = TestNetwork.start(dir)) {
            network.fundProvider("p1");
            var provider = TestNetwork.address("p1");
            agents.add(AgentProcess.start(network, "p1", data, price, Duration.ofSeconds(1), agentLog));
            Eventually.await("the agent process to be online and staked", Duration.ofSeconds(60), () -> ready(network, provider));
            JobHandle job = network.tenant("alice").submits(new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", "64",
                    "--command", Json.write(List.of("sh", "-c", ticker))), 1, 60, 10 * CC));
            job.awaitStatus("LEASED");
            Eventually.await("a usage receipt from the first agent", Duration.ofSeconds(30), () -> job.view().usageMillis() > 0);
            String container = Eventually.await("the job's container", Duration.ofSeconds(10), () -> podman("ps", "-q", "--no-trunc",
                    "--filter", "label=" + ContainerSpec.JOB_LABEL + "=" + job.id().hex()), id -> !id.isBlank());
            podman("run", "-d", "--label", ContainerSpec.JOB_LABEL + "=" + orphanJob, "--label", ContainerSpec.LEASE_LABEL + "=" + orphanJob
                    + ".a1", "--label", CliRuntime.OWNER_LABEL + "=" + ProviderAgent.containerOwner(provider.toString(), data), IMAGE, "sleep", "300");

            agents.getFirst().kill9();
            agents.add(AgentProcess.start(network, "p1", data, price, Duration.ofSeconds(1), agentLog));

            Eventually.await("the orphan container to be removed", Duration.ofSeconds(60), () -> podman("ps", "-a", "-q",
                    "--filter", "label=" + ContainerSpec.JOB_LABEL + "=" + orphanJob).isBlank());
            assertThat(podman("ps", "-q", "--no-trunc", "--filter", "label=" + ContainerSpec.JOB_LABEL + "=" + job.id().hex()))
                    .as("the same container runs on, adopted, not started again").isEqualTo(container);
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            assertThat(settled.resultHash()).as("the hash of the whole output, every tick once")
                    .isEqualTo(Hash.sha256(expected.toString().getBytes(StandardCharsets.UTF_8)).hex());
            List<Long> receipts = network.transactions(UsageReceipt.class).stream()
                    .filter(r -> r.jobId().equals(job.id())).map(UsageReceipt::usageMillis).toList();
            assertThat(receipts).isSorted().last().isEqualTo(settled.usageMillis());
            assertThat(settled.usageMillis()).as("the container's run, by the engine's clock").isBetween(20_000L, 26_000L);
            List<JobHandle.Billing> billings = job.billings();
            long leaseStart = job.leaseStartedAt(1);
            long billedUntil = billings.getLast().ledgerTime();
            assertThat(billings.stream().mapToLong(JobHandle.Billing::charged).sum()).as("billed once").isEqualTo(settled.charged());
            assertThat(settled.charged()).as("every second of the lease, up to its completion, billed")
                    .isEqualTo(Pricing.leaseCharge(price, 1, billedUntil - leaseStart));
            assertThat(billedUntil - leaseStart).as("the lease ran as long as the container, give or take its start")
                    .isBetween(settled.usageMillis() / 1000 - 1, settled.usageMillis() / 1000 + 5);
        } catch (Throwable failure) {
            System.err.println("agent process log:\n" + java.nio.file.Files.readString(agentLog));
            throw failure;
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
        }
    }

    /**
     * An image that no registry serves: the tenant uploads it as an OCI archive to the artifact store,
     * the job names it by hash, and the agent fetches, checks and loads it; the job's env reaches it.
     */
    @Test
    void aJobRunsAnImageFromAnArchiveInTheArtifactStoreWithItsEnv() throws Exception {
        String name = "localhost/gridmint/archived:" + Long.toHexString(System.nanoTime());
        Path archive = dir.resolve("image.tar");
        podman("tag", IMAGE, name);
        podman("save", "--output", archive.toString(), name);
        podman("rmi", name);
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").start(1 * CC);
            String sha = network.client().uploadArtifact(TestNetwork.key("alice"), archive, null, ArtifactKind.INPUT, "image.tar")
                    .sha256();

            JobHandle job = network.tenant("alice").submits(new JobSpec("container", List.of("--image", name, "--image-archive", sha,
                    "--env", "GREETING=hello", "--memory-mb", "64", "--command", Json.write(List.of("sh", "-c", "echo $GREETING from the archive"))),
                    1, 60, 10 * CC));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            assertThat(settled.resultHash()).isEqualTo(Hash.sha256("hello from the archive\n".getBytes(StandardCharsets.UTF_8)).hex());
        } finally {
            new ProcessBuilder("podman", "rmi", "--ignore", name).start().waitFor();
        }
    }

    /**
     * A job that fills its scratch space ends DISK_FULL; the provider is paid for the time it ran,
     * from its final usage receipt, and the rest of the escrow goes back to the tenant.
     */
    @Test
    void aJobThatFillsItsDiskFailsWithAClearStatusAndIsBilledForItsRun() throws Exception {
        try (var network = TestNetwork.builder().maxJobAttempts(1).start(dir)) {
            network.provider("p1").start(1 * CC);

            JobHandle job = network.tenant("alice").submits(new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", "64",
                    "--disk-mb", "4", "--command", Json.write(List.of("sh", "-c", "sleep 2; dd if=/dev/zero of=/scratch/fill bs=1M count=16"))),
                    1, 60, 10 * CC));
            JobView failed = job.awaitStatus("FAILED", Duration.ofSeconds(90));

            assertThat(network.transactions(ReleaseLease.class)).filteredOn(r -> r.jobId().equals(job.id()))
                    .singleElement().satisfies(release -> assertThat(release.reason()).contains("DISK_FULL"));
            // A released lease's usage is cleared from the job; its receipts stay in the log. The run sleeps 2 s, but the
            // agent's clock starts when it sees the container running, a little after the sleep began (1,999 ms was seen):
            // the receipt is about the run's length, and far below the 60 s limit.
            assertThat(network.transactions(UsageReceipt.class)).filteredOn(r -> r.jobId().equals(job.id())).isNotEmpty().last()
                    .satisfies(last -> assertThat(last.usageMillis()).as("the final receipt of the failed run").isBetween(1_500L, 10_000L));
            assertThat(failed.charged()).isPositive().isLessThan(failed.deposited());
        }
    }

    private static boolean ready(TestNetwork network, dev.gridmint.core.crypto.Address provider) {
        try {
            var view = network.providerView(provider);
            return view.active() && view.online();
        } catch (AssertionError notRegisteredYet) {
            return false;
        }
    }

    private static String podman(String... args) {
        var command = new java.util.ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command + " failed: " + out);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A container that serves: busybox httpd on port 8080, published on the provider's loopback only,
     * reached by the tenant through the coordinator and the agent's outbound link.
     */
    @Test
    void aServingContainersPortIsReachableThroughTheCoordinator() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").start(1 * CC);
            String serve = "mkdir -p /dev/shm/www && echo hello from a container > /dev/shm/www/index.html"
                    + " && httpd -p 8080 -h /dev/shm/www && sleep 20";
            JobHandle job = network.tenant("alice").submits(new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", "64",
                    "--port", "8080", "--command", Json.write(List.of("sh", "-c", serve))), 1, 60, 10 * CC));
            job.awaitStatus("LEASED");
            String pass = PortAccess.sign(TestNetwork.key("alice"), network.networkId(), job.id(), 8080,
                    network.state().clock().now() + 600).text();
            URI url = URI.create(network.url() + "/v1/jobs/" + job.id().hex() + "/ports/8080/index.html?access=" + pass);
            HttpClient http = HttpClient.newHttpClient();

            // 404 until the agent has the published port, 502 until httpd listens.
            HttpResponse<String> page = Eventually.await("the container's page through the coordinator", Duration.ofSeconds(30),
                    () -> send(http, url), response -> response.statusCode() == 200);

            assertThat(page.body()).isEqualTo("hello from a container\n");
            job.awaitStatus("SETTLED", Duration.ofSeconds(90));
            assertThat(send(http, url).statusCode()).as("the port closes with the job").isEqualTo(409);
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI url) {
        try {
            return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
