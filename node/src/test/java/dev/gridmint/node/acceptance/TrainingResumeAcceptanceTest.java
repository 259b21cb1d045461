package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.EventTap;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.JobHandle.Billing;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.workloads.WorkloadMain;
import dev.gridmint.workloads.checkpoint.CheckpointStore;
import dev.gridmint.workloads.checkpoint.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A {@code train-gpt} job checkpoints to the coordinator; its provider dies (the agent drops off
 * without a word and its training JVM is SIGKILLed); the job resumes on the other provider from the
 * newest checkpoint the coordinator took, and ends with the very model an uninterrupted run gives,
 * because the data order is a pure function of (seed, step). Billed once: the dead provider up to
 * when it was last seen, the second from its own lease start.
 */
class TrainingResumeAcceptanceTest {

    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int STEPS = 60;
    private static final int EVAL_EVERY = 5;
    private static final int CHECKPOINT_EVERY = 10;
    private static final List<String> ARGS = List.of("--seed", "7", "--steps", Integer.toString(STEPS), "--batch", "2",
            "--eval-every", Integer.toString(EVAL_EVERY), "--checkpoint-every", Integer.toString(CHECKPOINT_EVERY));
    private static final Pattern RESUMED = Pattern.compile("resuming from checkpoint ([0-9a-f]{64}) at step (\\d+)");

    /** The model file's SHA-256 from the same run, uninterrupted, in this JVM. */
    private static String uninterrupted;
    /** That run's checkpoint store, and its manifests by step. */
    private static Path checkpointDir;
    private static final Map<Long, String> MANIFESTS = new TreeMap<>();

    @TempDir
    Path dir;

    /** Checkpointing changes nothing in the run: the same seed gives the same model with or without it. */
    @BeforeAll
    static void trainUninterrupted(@TempDir Path out) throws Exception {
        checkpointDir = out.resolve("checkpoints");
        List<String> command = new ArrayList<>(List.of("train-gpt"));
        command.addAll(ARGS);
        command.addAll(List.of("--checkpoint-dir", checkpointDir.toString(), "--out", out.toString()));
        var events = new ByteArrayOutputStream();
        var err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(WorkloadMain.run(command.toArray(String[]::new), new PrintStream(events, true, StandardCharsets.UTF_8), err))
                .isEqualTo(WorkloadMain.EXIT_OK);
        uninterrupted = Artifacts.sha256Of(out.resolve(WorkloadMain.MODEL_FILE)).hex();
        events.toString(StandardCharsets.UTF_8).lines().map(Json.MAPPER::readTree)
                .filter(event -> event.path("event").asString("").equals("checkpoint"))
                .forEach(event -> MANIFESTS.put(event.path("step").asLong(), event.path("manifest_sha256").asString()));
    }

    private static JobSpec spec() {
        return new JobSpec("train-gpt", ARGS, 1, Tenant.DEFAULT_MAX_SECONDS, Tenant.DEFAULT_MAX_PRICE);
    }

    @Test
    void aKilledProvidersJobResumesElsewhereFromItsLastCheckpointAndIsBilledOnce() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir.resolve("net"));
                EventTap events = network.events()) {
            ProviderNode first = network.provider("p-first").start(1 * CC);
            ProviderNode second = network.provider("p-second").start(2 * CC);
            JobHandle job = network.tenant("alice").submits(spec());
            job.awaitLeasedTo(first, Duration.ofSeconds(10));

            // Killed right after the coordinator took its first checkpoint.
            List<EventTap.Event> beforeKill = events.until("checkpoint", data -> isOf(job, 1, data), WAIT);
            first.goesOffline();
            first.awaitLost(Duration.ofSeconds(15));
            JobView settled = job.awaitStatus("SETTLED", WAIT);
            List<EventTap.Event> afterKill = events.until("result", data -> isOf(job, 2, data), Duration.ofSeconds(10));

            assertThat(settled.attempts()).isEqualTo(2);
            assertThat(settled.lease().provider()).isEqualTo(second.address().toString());
            long checkpointed = beforeKill.stream().filter(e -> e.name().equals("checkpoint"))
                    .mapToLong(e -> field(e, "step")).max().orElseThrow();
            long lastReported = beforeKill.stream().filter(e -> e.name().equals("progress") && isOf(job, 1, e.data()))
                    .mapToLong(e -> field(e, "step")).max().orElse(0);

            // Resumed from that checkpoint, as the second provider's log says, redoing at most N steps.
            Matcher resumed = resumedLine(network, job, 2);
            long resumedStep = Long.parseLong(resumed.group(2));
            assertThat(resumedStep).isEqualTo(checkpointed).isPositive().isLessThanOrEqualTo(STEPS);
            assertThat(lastReported - resumedStep).isLessThanOrEqualTo(CHECKPOINT_EVERY);
            // Its first report is the next one after the checkpoint, and the loss curve carries on from there.
            long firstOfSecond = afterKill.stream().filter(e -> e.name().equals("progress") && isOf(job, 2, e.data()))
                    .mapToLong(e -> field(e, "step")).findFirst().orElseThrow();
            assertThat(firstOfSecond).isEqualTo(resumedStep + EVAL_EVERY);
            assertThat(settled.telemetry().curve()).extracting(JobTelemetry.Point::step)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, STEPS / EVAL_EVERY)
                            .map(i -> i * EVAL_EVERY).boxed().toList());

            // Bit for bit the model of the uninterrupted run, and the tenant downloads it as the job's result.
            assertThat(settled.resultHash()).isEqualTo(uninterrupted);
            ArtifactView model = network.client().jobArtifacts(job.id()).stream().filter(ArtifactView::ledgerResult)
                    .findFirst().orElseThrow();
            Path downloaded = dir.resolve("model.bin");
            network.client().downloadArtifact(Hash.parse(model.sha256()), downloaded, Artifacts.Progress.NONE);
            assertThat(Artifacts.sha256Of(downloaded).hex()).isEqualTo(uninterrupted);

            // Billed once: the first lease up to when its provider was last seen, the second for its own seconds.
            ReleaseLease release = network.transactions(ReleaseLease.class).getFirst();
            long firstStart = job.leaseStartedAt(1);
            long paidFirst = Pricing.leaseCharge(1 * CC, 1, Math.max(release.downSince(), firstStart) - firstStart);
            long paidSecond = Pricing.leaseCharge(2 * CC, 1, settled.lease().settledAt() - settled.lease().startedAt());
            List<Billing> billings = job.billings();
            assertThat(billings.stream().filter(b -> b.attempt() == 1).mapToLong(b -> b.charged() - b.refunded()).sum())
                    .isEqualTo(paidFirst);
            assertThat(billings.stream().filter(b -> b.attempt() == 2)).allSatisfy(b -> {
                assertThat(b.provider()).isEqualTo(second.address());
                assertThat(b.refunded()).isZero();
            });
            assertThat(billings.stream().filter(b -> b.attempt() == 2).mapToLong(Billing::charged).sum()).isEqualTo(paidSecond);
            Settlement settlement = job.settlement();
            long refunded = billings.stream().mapToLong(Billing::refunded).sum();
            assertThat(settlement.charged() - refunded).isEqualTo(paidFirst + paidSecond);
            assertThat(network.account("alice").credits()).isEqualTo(job.escrow() - paidFirst - paidSecond);
            assertThat(network.client().audit().problems()).isEmpty();
        }
    }

    @Test
    void aCorruptCheckpointFailsItsHashCheckAndTheJobResumesFromThePreviousOne() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir.resolve("net"));
                EventTap events = network.events()) {
            ProviderNode first = network.provider("p-first").start(1 * CC);
            network.provider("p-second").start(2 * CC);
            JobHandle job = network.tenant("alice").submits(spec());
            job.awaitLeasedTo(first, Duration.ofSeconds(10));

            List<EventTap.Event> taken = events.until("checkpoint",
                    data -> isOf(job, 1, data) && Json.MAPPER.readTree(data).path("step").asLong() == 2L * CHECKPOINT_EVERY, WAIT);
            first.goesOffline();
            List<String> manifests = taken.stream().filter(e -> e.name().equals("checkpoint"))
                    .map(e -> Json.MAPPER.readTree(e.data()).path("manifest").asString()).toList();
            assertThat(manifests).hasSize(2);

            // One bit of the newest checkpoint's model flips on the coordinator's disk before anyone resumes from it.
            Path manifestCopy = dir.resolve("manifest");
            network.client().downloadArtifact(Hash.parse(manifests.getLast()), manifestCopy, Artifacts.Progress.NONE);
            String modelBlob = Manifest.fromBytes(Files.readAllBytes(manifestCopy)).blob(CheckpointStore.MODEL_BLOB).sha256();
            Path blob = network.coordinatorDir().resolve("artifacts").resolve("sha256").resolve(modelBlob.substring(0, 2))
                    .resolve(modelBlob);
            byte[] bytes = Files.readAllBytes(blob);
            bytes[bytes.length / 2] ^= 1;
            Files.write(blob, bytes);

            JobView settled = job.awaitStatus("SETTLED", WAIT);

            // The second provider says why it passed over the newest checkpoint, and resumes from the one before.
            String log = logOf(network, job, 2);
            assertThat(log).contains("checkpoint " + manifests.getLast() + " at step 20 is unusable (CORRUPT_DOWNLOAD");
            Matcher resumed = resumedLine(network, job, 2);
            assertThat(resumed.group(1)).isEqualTo(manifests.getFirst());
            assertThat(resumed.group(2)).isEqualTo(Integer.toString(CHECKPOINT_EVERY));
            assertThat(settled.resultHash()).isEqualTo(uninterrupted);
        }
    }

    /**
     * The coordinator restarts while the job's provider is gone: the checkpoints it took come back from its data
     * directory, so the job resumes on another provider from the newest one, not from step 0, and still ends with
     * the model of an uninterrupted run.
     */
    @Test
    void checkpointsSurviveACoordinatorRestart() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir.resolve("net"))) {
            ProviderNode first = network.provider("p-first").start(1 * CC);
            JobHandle job = network.tenant("alice").submits(spec());
            job.awaitLeasedTo(first, Duration.ofSeconds(10));
            try (EventTap events = network.events()) {
                events.until("checkpoint", data -> isOf(job, 1, data), WAIT);
            }
            first.goesOffline();

            network.restartCoordinator();
            network.provider("p-second").start(2 * CC);
            JobView settled = job.awaitStatus("SETTLED", WAIT);

            assertThat(settled.attempts()).isEqualTo(2);
            Matcher resumed = resumedLine(network, job, 2);
            assertThat(Long.parseLong(resumed.group(2))).isPositive();
            assertThat(resumed.group(1)).isEqualTo(MANIFESTS.get(Long.parseLong(resumed.group(2))));
            assertThat(settled.resultHash()).isEqualTo(uninterrupted);
        }
    }

    /**
     * The coordinator's side, with hand-driven agents: a checkpoint counts only from the lease holder, only
     * once it and its blobs are stored under the job, only as the step it holds; a re-announced older step
     * drops the later ones; and the next attempt's assignment names them, newest first.
     */
    @Test
    void theCoordinatorTakesCheckpointsOnlyFromTheLeaseHolderAndHandsThemToTheNextAttempt() throws Exception {
        try (var network = TestNetwork.builder().providerTimeout(Duration.ofSeconds(5)).start(dir.resolve("net"));
                EventTap events = network.events()) {
            HardwareOffer offer = new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", 1 * CC);
            network.registerProvider("p-held", offer);
            network.registerProvider("p-next", offer);
            network.registerProvider("p-third", offer);
            JobHandle job;
            try (AgentSocket holder = network.agentSocket(); AgentSocket other = network.agentSocket();
                    AgentSocket third = network.agentSocket()) {
                holder.login(TestNetwork.key("p-held"));
                job = network.tenant("alice").submits(spec());
                AgentMessage.Assign first = holder.next(AgentMessage.Assign.class);
                assertThat(first.attempt()).isEqualTo(1);
                assertThat(first.resume()).isEmpty();

                // Another run's checkpoint (seed 7) is not this job's (seed 8), though stored under it by its lease holder.
                third.login(TestNetwork.key("p-third"));
                List<String> seed8 = new ArrayList<>(ARGS);
                seed8.set(1, "8");
                JobHandle other8 = network.tenant("alice").submits(new JobSpec("train-gpt", seed8, 1, Tenant.DEFAULT_MAX_SECONDS,
                        Tenant.DEFAULT_MAX_PRICE));
                assertThat(third.next(AgentMessage.Assign.class).jobId()).isEqualTo(other8.id().hex());
                upload(network, "p-third", other8, 10);
                third.send(new AgentMessage.Checkpoint(other8.id().hex(), 1, 10, MANIFESTS.get(10L)));
                assertThat(third.next(AgentMessage.Error.class).code()).isEqualTo("CHECKPOINT_MISMATCH");

                // Not the lease holder; not stored yet; the manifest stored but not its blobs; the wrong step.
                other.login(TestNetwork.key("p-next"));
                assertThat(announce(other, job, 10).code()).isEqualTo("NOT_LEASE_HOLDER");
                assertThat(announce(holder, job, 10).code()).isEqualTo("CHECKPOINT_NOT_STORED");
                network.client().uploadArtifact(TestNetwork.key("p-held"), manifestFile(10), job.id(), ArtifactKind.CHECKPOINT,
                        "step-10.manifest");
                assertThat(announce(holder, job, 10).code()).isEqualTo("CHECKPOINT_NOT_STORED");
                for (long step : List.of(10L, 20L, 30L)) {
                    upload(network, "p-held", job, step);
                }
                holder.send(new AgentMessage.Checkpoint(job.id().hex(), 1, 20, MANIFESTS.get(10L)));
                assertThat(holder.next(AgentMessage.Error.class).code()).isEqualTo("BAD_CHECKPOINT");

                // Taken: 10, 20, 30; then 20 again, which drops 30 (a rerun from 20 is not ahead of it).
                for (long step : List.of(10L, 20L, 30L, 20L)) {
                    holder.send(new AgentMessage.Checkpoint(job.id().hex(), 1, step, MANIFESTS.get(step)));
                    events.until("checkpoint", data -> isOf(job, 1, data) && field(data, "step") == step, Duration.ofSeconds(10));
                }
            }
            // The agents went away: the lease is taken back, and the next agent gets the job (the older one) with its checkpoints.
            job.awaitStatus("QUEUED", Duration.ofSeconds(20));
            try (AgentSocket next = network.agentSocket()) {
                next.login(TestNetwork.key("p-next"));
                AgentMessage.Assign second = next.next(AgentMessage.Assign.class);
                assertThat(second.attempt()).isEqualTo(2);
                assertThat(second.resume()).containsExactly(new AgentMessage.CheckpointRef(20, MANIFESTS.get(20L)),
                        new AgentMessage.CheckpointRef(10, MANIFESTS.get(10L)));
            }
        }
    }

    private static Path manifestFile(long step) {
        return new CheckpointStore(checkpointDir).manifestPath(MANIFESTS.get(step));
    }

    /** Uploads a checkpoint of the in-process run as {@code provider}'s, blobs then manifest. */
    private static void upload(TestNetwork network, String provider, JobHandle job, long step) throws Exception {
        Manifest manifest = Manifest.fromBytes(Files.readAllBytes(manifestFile(step)));
        for (Manifest.BlobRef blob : manifest.blobs()) {
            network.client().uploadArtifact(TestNetwork.key(provider), checkpointDir.resolve("blobs").resolve(blob.sha256()),
                    job.id(), ArtifactKind.CHECKPOINT, "step-" + step + "." + blob.role());
        }
        network.client().uploadArtifact(TestNetwork.key(provider), manifestFile(step), job.id(), ArtifactKind.CHECKPOINT,
                "step-" + step + ".manifest");
    }

    private static AgentMessage.Error announce(AgentSocket agent, JobHandle job, long step) {
        agent.send(new AgentMessage.Checkpoint(job.id().hex(), 1, step, MANIFESTS.get(step)));
        return agent.next(AgentMessage.Error.class);
    }

    private static long field(String data, String name) {
        return Json.MAPPER.readTree(data).path(name).asLong();
    }

    private static boolean isOf(JobHandle job, int attempt, String data) {
        JsonNode event = Json.MAPPER.readTree(data);
        return event.path("jobId").asString("").equals(job.id().hex()) && event.path("attempt").asInt() == attempt;
    }

    private static long field(EventTap.Event event, String name) {
        return field(event.data(), name);
    }

    private static String logOf(TestNetwork network, JobHandle job, int attempt) {
        return String.join("\n", network.client().jobLogs(job.id(), 0, 1_000).lines().stream()
                .filter(line -> line.attempt() == attempt).map(LogLine::text).toList());
    }

    private static Matcher resumedLine(TestNetwork network, JobHandle job, int attempt) {
        Matcher matcher = RESUMED.matcher(logOf(network, job, attempt));
        assertThat(matcher.find()).as("attempt %d's log says where it resumed", attempt).isTrue();
        return matcher;
    }
}
