package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every container runtime must do, shown with real containers of the busybox image that
 * {@code shared/tools/setup-podman.sh} imports. A subclass names the engine and skips, with a
 * visible message, where that engine is truly absent.
 */
abstract class ContainerRuntimeContract {

    static final String IMAGE = System.getenv().getOrDefault("GRIDMINT_BUSYBOX_IMAGE", "localhost/gridmint/busybox:latest");
    static final Capacity CAPACITY = new Capacity(2000, 2L << 30, 1024, 0, 256L << 20, 3600, List.of());

    @TempDir
    Path workDir;

    ContainerRuntime runtime;
    private final List<String> jobIds = new CopyOnWriteArrayList<>();

    /** The engine's binary ("podman", "docker"). */
    abstract String binary();

    abstract ContainerRuntime runtime(CliRuntime.Settings settings);

    CliRuntime.Settings settings() {
        return new CliRuntime.Settings(binary(), "contract-test", workDir, Duration.ofMillis(200), Duration.ofSeconds(30),
                System::currentTimeMillis, CgroupUsage.host());
    }

    @BeforeEach
    void createRuntime() {
        runtime = runtime(settings());
    }

    @AfterEach
    void removeLeftovers() {
        runtime.listJobs().stream().filter(c -> jobIds.contains(c.jobId())).forEach(runtime::remove);
    }

    ContainerSpec.Builder job(String name) {
        String jobId = name + "-" + Long.toHexString(System.nanoTime());
        jobIds.add(jobId);
        return ContainerSpec.builder(jobId, "lease-" + jobId, new ImageSource.Named(IMAGE)).memoryBytes(64L << 20)
                .wallClockSeconds(60);
    }

    static ValidatedSpec valid(ContainerSpec spec) {
        return switch (SpecValidator.validate(spec, CAPACITY)) {
            case SpecValidator.Validation.Valid valid -> valid.spec();
            case SpecValidator.Validation.Invalid invalid -> throw new AssertionError("spec refused: " + invalid.errors());
        };
    }

    JobHandle start(ContainerSpec spec, List<LogLine> lines) {
        return runtime.start(valid(spec), lines::add);
    }

    static List<String> stdout(List<LogLine> lines) {
        return lines.stream().filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    boolean present(String jobId) {
        return runtime.listJobs().stream().anyMatch(c -> c.jobId().equals(jobId));
    }

    // ---- endings ----

    @Test
    void aJobThatExitsZeroSucceedsAndIsRemoved() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        ContainerSpec spec = job("ok").command("echo", "hello").build();

        JobHandle handle = start(spec, lines);

        assertThat(handle.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(stdout(lines)).containsExactly("hello");
        assertThat(present(spec.jobId())).isFalse();
    }

    @Test
    void aFailingCommandEndsWithItsExitCode() {
        ContainerSpec spec = job("fail").command("sh", "-c", "exit 3").build();

        assertThat(start(spec, new CopyOnWriteArrayList<>()).await()).isEqualTo(new JobStatus.Failed(3));
    }

    @Test
    void aMemoryHogIsKilledAtItsLimit() {
        ContainerSpec spec = job("hog").memoryBytes(32L << 20).shmBytes(16L << 20)
                .command("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1").build();

        assertThat(start(spec, new CopyOnWriteArrayList<>()).await()).isEqualTo(new JobStatus.OomKilled(32L << 20));
    }

    @Test
    void theSameAllocationUnderALargerLimitIsNotAnOomKill() {
        ContainerSpec spec = job("fits").memoryBytes(512L << 20)
                .command("dd", "if=/dev/zero", "of=/dev/null", "bs=8M", "count=1").build();

        assertThat(start(spec, new CopyOnWriteArrayList<>()).await()).isEqualTo(new JobStatus.Succeeded());
    }

    /** Only a run that takes a while: podman can stamp a job that exits at once as finished before it started. */
    @Test
    void theEngineTimesTheRunFromStartToExit() {
        JobHandle handle = start(job("timed").command("sleep", "2").build(), new CopyOnWriteArrayList<>());

        assertThat(handle.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(handle.ranMillis()).isBetween(1_900L, 10_000L);
    }

    @Test
    void theWallClockLimitStopsAndRemovesTheJob() {
        ContainerSpec spec = job("slow").wallClockSeconds(2).command("sleep", "60").build();

        assertThat(start(spec, new CopyOnWriteArrayList<>()).await()).isEqualTo(new JobStatus.TimedOut(2));
        assertThat(present(spec.jobId())).isFalse();
    }

    @Test
    void cancelStopsAndRemovesTheContainer() throws Exception {
        var lines = new CopyOnWriteArrayList<LogLine>();
        ContainerSpec spec = job("cancel").command("sh", "-c", "echo ready; sleep 300").build();
        JobHandle handle = start(spec, lines);
        eventually(() -> stdout(lines).contains("ready"), "the job prints ready");

        handle.cancel();

        assertThat(handle.await()).isEqualTo(new JobStatus.Cancelled());
        assertThat(present(spec.jobId())).isFalse();
    }

    @Test
    void anImageThatDoesNotExistEndsWithAClearStatus() {
        String missing = "localhost/gridmint/no-such-image:" + Long.toHexString(System.nanoTime());
        ContainerSpec spec = ContainerSpec.builder("missing-" + Long.toHexString(System.nanoTime()), "lease-m",
                new ImageSource.Named(missing)).command("true").build();

        JobStatus status = runtime.start(valid(spec), line -> { }).await();

        assertThat(status).isInstanceOf(JobStatus.ImageUnavailable.class);
        assertThat(status.code()).isEqualTo("IMAGE_UNAVAILABLE");
        assertThat(status.message()).contains(missing);
    }

    // ---- isolation ----

    @Test
    void aJobWithoutPortsHasNoNetworkAtAll() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        String probe = "grep : /proc/net/dev | cut -d: -f1 | tr -d ' ' | sed 's/^/if=/'; "
                + "wget -q -T 3 -O /dev/null http://10.88.0.1:9/ 2>/dev/null; echo wget=$?";
        ContainerSpec offline = job("offline").command("sh", "-c", probe).build();
        ContainerSpec serving = job("serving").ports(List.of(8080)).command("sh", "-c", probe).build();

        start(offline, lines).await();
        List<String> offlineOut = List.copyOf(stdout(lines));
        lines.clear();
        start(serving, lines).await();

        assertThat(offlineOut.stream().filter(l -> l.startsWith("if=")).toList()).containsExactly("if=lo");
        assertThat(offlineOut).doesNotContain("wget=0");
        assertThat(stdout(lines).stream().filter(l -> l.startsWith("if=")).toList()).contains("if=lo").hasSizeGreaterThan(1);
    }

    @Test
    void theJobRunsAsItsNonRootUserWithEveryLimitApplied() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        ContainerSpec spec = job("limits").user("1000:1000").readOnlyRoot(true).pidsLimit(64).shmBytes(32L << 20)
                .command("sh", "-c", "id -u; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null; "
                        + "touch /x 2>/dev/null && echo writable || echo read-only; df -k /dev/shm | tail -1 | awk '{print \"shm=\" $2}'")
                .build();

        assertThat(start(spec, lines).await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(stdout(lines)).contains("1000", Long.toString(64L << 20), "read-only", "shm=" + (32 << 10));
    }

    @Test
    void secretsReachTheJobButNeverItsCommandLineAndTheirFileIsDeleted() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        ContainerSpec spec = job("secret").env(Map.of("MODE", "plain")).secrets(Map.of("API_TOKEN", "s3cr3t-value"))
                .command("sh", "-c", "echo mode=$MODE; echo token=$API_TOKEN").build();
        var cli = (CliRuntime) runtime;

        assertThat(String.join(" ", cli.createCommand(spec, java.util.Optional.of(workDir.resolve("f")))))
                .doesNotContain("s3cr3t-value").contains("--env-file");
        assertThat(spec.toString()).doesNotContain("s3cr3t-value");
        assertThat(start(spec, lines).await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(stdout(lines)).containsExactly("mode=plain", "token=s3cr3t-value");
        assertThat(Files.exists(workDir.resolve(spec.jobId()).resolve("secrets.env"))).isFalse();
    }

    // ---- logs and usage ----

    @Test
    void logsStreamToTheCallbackInOrderWhileTheJobRuns() throws Exception {
        var lines = new CopyOnWriteArrayList<LogLine>();
        ContainerSpec spec = job("logs").command("sh", "-c",
                "i=1; while [ $i -le 300 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; echo halfway; sleep 300").build();
        JobHandle handle = start(spec, lines);

        eventually(() -> stdout(lines).contains("halfway"), "the first lines arrive before the job ends");
        handle.cancel();
        handle.await();

        List<String> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            expected.add("line " + i);
        }
        expected.add("halfway");
        assertThat(stdout(lines)).containsExactlyElementsOf(expected);
        assertThat(lines).contains(new LogLine(LogLine.Stream.STDERR, "oops"));
    }

    @Test
    void usageIsSampledFromTheEngineCounters() throws Exception {
        ContainerSpec spec = job("busy").cpuMillis(500).command("sh", "-c", "while true; do :; done").build();
        JobHandle handle = start(spec, new CopyOnWriteArrayList<>());

        eventually(() -> handle.usage().size() >= 5, "five usage samples");
        handle.cancel();
        handle.await();

        UsageInterval total = Metering.total(handle.usage());
        assertThat(total.cpuMillis()).isPositive();
        // a spinning loop capped at half a CPU cannot use more than about half the wall time
        assertThat(total.cpuMillis()).isLessThanOrEqualTo((total.toMillis() - total.fromMillis()) * 6 / 10 + 200);
        assertThat(total.memoryMibMillis()).isPositive();
        assertThat(total.egressBytes()).isZero();
    }

    // ---- images ----

    @Test
    void anImageArchiveIsLoadedOnlyWhenItsHashMatches() throws Exception {
        Path archive = workDir.resolve("busybox.tar");
        Cli.Result saved = Cli.run(List.of(binary(), "save", "--output", archive.toString(), IMAGE), workDir, Duration.ofSeconds(60));
        assertThat(saved.ok()).as(saved.reason()).isTrue();
        String sha = CliRuntime.sha256(archive);
        var lines = new CopyOnWriteArrayList<LogLine>();

        ContainerSpec good = job("archive").command("echo", "from-archive").build();
        good = ContainerSpec.builder(good.jobId(), good.leaseId(), new ImageSource.Archive(archive, sha, IMAGE))
                .command("echo", "from-archive").build();
        ContainerSpec tampered = ContainerSpec.builder(good.jobId() + "-t", good.leaseId(),
                new ImageSource.Archive(archive, "0".repeat(64), IMAGE)).command("true").build();

        assertThat(start(good, lines).await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(stdout(lines)).containsExactly("from-archive");
        JobStatus refused = start(tampered, lines).await();
        assertThat(refused).isInstanceOf(JobStatus.ImageUnavailable.class);
        assertThat(refused.message()).contains("sha256 is " + sha);
    }

    // ---- a full disk ----

    @Test
    void aJobWritingPastItsScratchSpaceEndsDiskFullWithoutTouchingTheHostDisk() {
        ContainerSpec spec = job("disk").memoryBytes(64L << 20).scratchBytes(4L << 20)
                .command("sh", "-c", "dd if=/dev/zero of=/scratch/fill bs=1M count=16 && echo wrote; touch /outside").build();
        var lines = new CopyOnWriteArrayList<LogLine>();

        JobStatus status = start(spec, lines).await();

        assertThat(status).isEqualTo(new JobStatus.DiskFull(4L << 20));
        assertThat(status.message()).contains("scratch space");
        assertThat(stdout(lines)).doesNotContain("wrote");
    }

    @Test
    void aJobWithinItsScratchSpaceSucceedsAndItsRootIsReadOnly() {
        ContainerSpec spec = job("disk-ok").memoryBytes(64L << 20).scratchBytes(8L << 20)
                .command("sh", "-c", "dd if=/dev/zero of=/scratch/f bs=1M count=2 2>/dev/null && echo scratch ok; "
                        + "touch /outside 2>/dev/null || echo root read-only").build();
        var lines = new CopyOnWriteArrayList<LogLine>();

        assertThat(start(spec, lines).await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(stdout(lines)).containsExactly("scratch ok", "root read-only");
    }

    // ---- restart safety ----

    @Test
    void aRestartedAgentAdoptsLiveJobsAndRemovesOrphans() throws Exception {
        var before = new CopyOnWriteArrayList<LogLine>();
        String ticker = "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done";
        ContainerSpec live = job("live").command("sh", "-c", ticker).build();
        ContainerSpec orphan = job("orphan").command("sh", "-c", ticker).build();
        JobHandle first = start(live, before);
        start(orphan, new CopyOnWriteArrayList<>());
        eventually(() -> first.usage().size() >= 3 && stdout(before).size() >= 3, "the first agent sees ticks and usage");
        UsageSample lastBilled = first.usage().getLast();
        long ranBefore = first.elapsedMillis();
        assertThat(ranBefore).as("the engine's start time is read").isPositive();

        // The agent dies: its runtime object is dropped without cleaning up, and a new one starts.
        ContainerRuntime restarted = runtime(settings());
        var after = new CopyOnWriteArrayList<LogLine>();
        Map<String, JobHandle> adopted = RestartRecovery.reconcile(restarted,
                c -> c.leaseId().equals(live.leaseId()) ? 60 : 0, jobId -> after::add);

        assertThat(adopted).containsOnlyKeys(live.jobId());
        assertThat(present(orphan.jobId())).isFalse();
        JobHandle second = adopted.get(live.jobId());
        eventually(() -> !stdout(after).isEmpty() && !second.usage().isEmpty(), "the adopted job's logs and usage flow again");
        // The whole log is read again, so the adopted job's result covers its output from the first line.
        assertThat(stdout(after).getFirst()).isEqualTo("tick 0");
        assertThat(second.elapsedMillis()).as("the run time continues from the container's start").isGreaterThanOrEqualTo(ranBefore);
        UsageSample resumed = second.usage().getFirst();
        assertThat(resumed.cpuNanos()).isGreaterThanOrEqualTo(lastBilled.cpuNanos());
        assertThat(Metering.unbilled(second.usage(), lastBilled.atMillis() + 1)).allMatch(s -> s.atMillis() > lastBilled.atMillis());

        second.cancel();
        assertThat(second.await()).isEqualTo(new JobStatus.Cancelled());
        assertThat(present(live.jobId())).isFalse();
    }

    static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
