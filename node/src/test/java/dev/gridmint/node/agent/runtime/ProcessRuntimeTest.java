package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runtime with real processes: output, env and secrets, exits, limits, cancel and adoption by a restarted agent. */
class ProcessRuntimeTest {

    private static final Capacity CAPACITY = new Capacity(2000, 2L << 30, 1024, 0, 256L << 20, 3600, List.of());

    @TempDir
    Path workDir;

    private final List<JobHandle> handles = new CopyOnWriteArrayList<>();

    private ProcessRuntime runtime(String owner) {
        return new ProcessRuntime(owner, workDir, JobCgroups.detect(workDir.resolve("no-cgroup-v2"), ""), ProcTable.host(),
                System::currentTimeMillis, Duration.ofMillis(100));
    }

    @AfterEach
    void cancelLeftovers() {
        handles.forEach(JobHandle::cancel);
    }

    private static ValidatedSpec spec(ContainerSpec.Builder builder) {
        return ((SpecValidator.Validation.Valid) SpecValidator.validate(builder.build(), CAPACITY)).spec();
    }

    private static ContainerSpec.Builder job(String name, String script) {
        return ContainerSpec.builder(name, name + ".a1", new ImageSource.Host()).command("sh", "-c", script).wallClockSeconds(60);
    }

    private JobHandle start(ProcessRuntime runtime, ContainerSpec.Builder job, List<LogLine> lines) {
        JobHandle handle = runtime.start(spec(job), lines::add);
        handles.add(handle);
        return handle;
    }

    @Test
    void runsACommandWithItsEnvAndSecretAndStreamsBothOutputsInOrder() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        JobHandle handle = start(runtime("me"), job("hello", "echo one; echo \"$GREETING $TOKEN\"; echo oops >&2; echo two")
                .env(Map.of("GREETING", "hi")).secrets(Map.of("TOKEN", "s3cret")), lines);

        assertThat(handle.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(lines).filteredOn(l -> l.stream() == LogLine.Stream.STDOUT).extracting(LogLine::text)
                .containsExactly("one", "hi s3cret", "two");
        assertThat(lines).filteredOn(l -> l.stream() == LogLine.Stream.STDERR).extracting(LogLine::text).containsExactly("oops");
        assertThat(handle.ranMillis()).isPositive();
        assertThat(workDir.resolve("hello.a1")).as("its directory is removed").doesNotExist();
    }

    @Test
    void theAgentsOwnEnvironmentDoesNotLeakIntoTheJob() {
        var lines = new CopyOnWriteArrayList<LogLine>();
        JobHandle handle = start(runtime("me"), job("env", "env | cut -d= -f1 | sort | tr '\\n' ' '"), lines);

        assertThat(handle.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(lines.getFirst().text().strip().split(" ")).contains("HOME", "PATH")
                .isSubsetOf("HOME", "PATH", "LANG", "PWD", "SHLVL", "_");
    }

    @Test
    void aFailingCommandEndsWithItsExitCode() {
        JobHandle handle = start(runtime("me"), job("fails", "exit 3"), new CopyOnWriteArrayList<>());

        assertThat(handle.await()).isEqualTo(new JobStatus.Failed(3));
    }

    @Test
    void cancelKillsTheWholeProcessTree() throws Exception {
        var lines = new CopyOnWriteArrayList<LogLine>();
        JobHandle handle = start(runtime("me"), job("tree", "sleep 300 & echo child $!; wait"), lines);
        long child = Long.parseLong(awaitLine(lines, l -> l.startsWith("child ")).substring(6));

        handle.cancel();

        assertThat(handle.await()).isEqualTo(new JobStatus.Cancelled());
        await(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aJobPastItsWallClockIsKilled() {
        JobHandle handle = start(runtime("me"), job("slow", "sleep 300").wallClockSeconds(1), new CopyOnWriteArrayList<>());

        assertThat(handle.await()).isEqualTo(new JobStatus.TimedOut(1));
    }

    @Test
    void anImageIsNotAProgramOfThisMachine() {
        JobHandle handle = runtime("me").start(spec(ContainerSpec.builder("img", "img.a1", new ImageSource.Named("busybox"))
                .command("true")), line -> { });

        assertThat(handle.await()).isInstanceOf(JobStatus.ImageUnavailable.class);
    }

    @Test
    void metersCpuAndMemoryFromProc() throws Exception {
        JobHandle handle = start(runtime("me"), job("busy", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"),
                new CopyOnWriteArrayList<>());

        assertThat(handle.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(handle.usage()).isNotEmpty();
        assertThat(handle.usage().getLast().cpuNanos()).isPositive();
        assertThat(handle.usage()).anySatisfy(s -> assertThat(s.memoryBytes()).isPositive());
    }

    /**
     * The agent that started a job is gone (its runtime object dropped, the process left running); a
     * new runtime on the same directory and owner lists it as running, adopts it (reading its output
     * again from the first line, so nothing is lost or doubled) and sees it to its end; another
     * owner's runtime never lists it.
     */
    @Test
    void aRestartedRuntimeAdoptsALiveJobAndReadsItsWholeOutput() throws Exception {
        var firstLines = new CopyOnWriteArrayList<LogLine>();
        start(runtime("me"), job("long", "for i in 1 2 3 4 5; do echo tick $i; sleep 0.3; done"), firstLines);
        awaitLine(firstLines, l -> l.equals("tick 1"));

        ProcessRuntime restarted = runtime("me");
        assertThat(runtime("someone-else").listJobs()).isEmpty();
        List<RunningContainer> found = restarted.listJobs();
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.jobId()).isEqualTo("long");
            assertThat(c.leaseId()).isEqualTo("long.a1");
            assertThat(c.running()).isTrue();
        });
        var lines = new CopyOnWriteArrayList<LogLine>();
        JobHandle adopted = restarted.adopt(found.getFirst(), lines::add, 60);

        assertThat(adopted.await()).isEqualTo(new JobStatus.Succeeded());
        assertThat(lines).extracting(LogLine::text).containsExactly("tick 1", "tick 2", "tick 3", "tick 4", "tick 5");
        assertThat(adopted.ranMillis()).as("from the process's own start").isGreaterThanOrEqualTo(1_200);
    }

    @Test
    void aJobThatEndedWhileNoAgentWatchedIsAdoptedWithItsExitCode() throws Exception {
        var firstLines = new CopyOnWriteArrayList<LogLine>();
        start(runtime("me"), job("quick", "echo done; exit 4"), firstLines);
        await(() -> Files.exists(workDir.resolve("quick.a1").resolve(ProcessRuntime.EXIT)));

        ProcessRuntime restarted = runtime("me");
        RunningContainer found = restarted.listJobs().getFirst();
        var lines = new CopyOnWriteArrayList<LogLine>();

        assertThat(restarted.adopt(found, lines::add, 60).await()).isEqualTo(new JobStatus.Failed(4));
        assertThat(lines).extracting(LogLine::text).containsExactly("done");
    }

    @Test
    void removingAnOrphanKillsItsTreeAndItsDirectory() throws Exception {
        var lines = new CopyOnWriteArrayList<LogLine>();
        start(runtime("me"), job("orphan", "sleep 300 & echo child $!; wait"), lines);
        long child = Long.parseLong(awaitLine(lines, l -> l.startsWith("child ")).substring(6));

        ProcessRuntime restarted = runtime("me");
        restarted.remove(restarted.listJobs().getFirst());

        await(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        assertThat(workDir.resolve("orphan.a1")).doesNotExist();
        assertThat(restarted.listJobs()).isEmpty();
    }

    /** A pid the kernel gave to another process since: the record's start time no longer matches, so it is left alone. */
    @Test
    void aReusedPidIsNeverTakenForTheJob() throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("old.a1"));
        long pid = ProcessHandle.current().pid();
        new ProcessRuntime.JobRecord("me", "old", "old.a1", pid, 1, 0, 1 << 20, "").write(dir);

        ProcessRuntime restarted = runtime("me");
        assertThat(restarted.listJobs()).singleElement().satisfies(c -> assertThat(c.running()).isFalse());
        restarted.remove(restarted.listJobs().getFirst());

        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(dir).doesNotExist();
    }

    private static String awaitLine(List<LogLine> lines, java.util.function.Predicate<String> wanted) throws InterruptedException {
        await(() -> lines.stream().map(LogLine::text).anyMatch(wanted));
        return lines.stream().map(LogLine::text).filter(wanted).findFirst().orElseThrow();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
