package dev.gridmint.node.agent;

import dev.gridmint.core.state.Limits;
import dev.gridmint.node.agent.runtime.Capacity;
import dev.gridmint.node.agent.runtime.ContainerSpec;
import dev.gridmint.node.agent.runtime.ImageSource;
import dev.gridmint.node.agent.runtime.JobCgroups;
import dev.gridmint.node.agent.runtime.JobHandle;
import dev.gridmint.node.agent.runtime.JobStatus;
import dev.gridmint.node.agent.runtime.LogLine;
import dev.gridmint.node.agent.runtime.LogSink;
import dev.gridmint.node.agent.runtime.ProcessRuntime;
import dev.gridmint.node.agent.runtime.SpecValidator;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One built-in workload running as a child JVM in the {@link ProcessRuntime}, the same runtime
 * interface container jobs use: the runtime gives it its limits, wall clock, cancel, metering and
 * restart adoption; this class turns the child's output, one JSON event per line, into progress
 * and checkpoint callbacks and a final outcome. Only known workloads and known options run, so a
 * tenant's arguments cannot reach anything else on the provider's machine.
 */
public final class WorkloadRun {

    private static final String WORKLOAD_MAIN = "dev.gridmint.workloads.WorkloadMain";
    private static final long MIN_MEMORY_BYTES = 256L << 20;
    static final String CLASSPATH_FILE = "classpath.args";

    public record Progress(int step, int totalSteps, double trainLoss, double valLoss) {}

    /** A checkpoint the workload wrote: its step, its manifest's SHA-256 (hex) and where the manifest lies. */
    public record Checkpoint(long step, String manifestSha256, Path manifest) {}

    public record Outcome(String modelSha256, long modelBytes, double finalTrainLoss, double finalValLoss,
            List<String> samples, Path artifact, long usageMillis) {}

    /**
     * What a run reports as it goes, called on the runtime's reader threads: progress and checkpoints in
     * the order printed (the next event waits until a callback returns), and every stdout and stderr line.
     */
    public interface Events {
        default void progress(Progress progress) { }

        default void checkpoint(Checkpoint checkpoint) { }

        /** {@code stream} is {@code stdout} or {@code stderr}. */
        default void line(String stream, String text) { }

        Events NONE = new Events() { };
    }

    /**
     * What to run: the job attempt it is, the workload, the tenant's checked arguments and the agent's own, the
     * environment the agent adds (a gang member's seat), and its limits.
     */
    public record Launch(String jobId, String leaseId, String workload, List<String> args, List<String> agentArgs,
            Map<String, String> env, Path outDir, long memoryBytes, long maxSeconds) {
        public Launch {
            args = List.copyOf(args);
            agentArgs = List.copyOf(agentArgs);
            env = Map.copyOf(env);
        }
    }

    /** The workload did not produce an outcome; the reason is shown to the coordinator. */
    public static final class WorkloadFailed extends Exception {
        public WorkloadFailed(String reason) {
            super(reason);
        }
    }

    private final Events events;
    private final BufferedWriter stderrFile;
    private volatile JobHandle handle;
    private volatile Outcome outcome;
    private volatile String problem;
    private volatile boolean aborted;

    private WorkloadRun(Path outDir, Events events) throws WorkloadFailed {
        this.events = events;
        try {
            Files.createDirectories(outDir);
            this.stderrFile = Files.newBufferedWriter(outDir.resolve("stderr.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkloadFailed("cannot prepare the output directory: " + e.getMessage());
        }
    }

    /** Checks the workload and its arguments; throws {@link WorkloadFailed} for anything not allowed. */
    public static List<String> command(String workload, List<String> args, Path outDir) throws WorkloadFailed {
        return command(workload, args, List.of(), outDir, defaultMemoryBytes());
    }

    /**
     * The child JVM's command: {@code agentArgs} (paths on this machine, such as the checkpoint
     * directory) come after the tenant's checked {@code args}; they are the agent's own, not checked.
     * The class path comes from a JVM argument file in {@code outDir}, since a long one would exceed
     * the runtime's cap on one argument.
     */
    public static List<String> command(String workload, List<String> args, List<String> agentArgs, Path outDir, long memoryBytes)
            throws WorkloadFailed {
        var problem = WorkloadCatalog.problem(workload, args);
        if (problem.isPresent()) {
            throw new WorkloadFailed(problem.get());
        }
        if (!WorkloadCatalog.builtIn(workload)) {
            throw new WorkloadFailed("'" + workload + "' is not a built-in workload; it runs in a container runtime");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx" + heapBytes(memoryBytes),
                "@" + outDir.resolve(CLASSPATH_FILE), WORKLOAD_MAIN, workload));
        command.addAll(args);
        command.addAll(agentArgs);
        command.addAll(List.of("--out", outDir.toString()));
        return command;
    }

    /** Three quarters of the job's memory: the rest is the JVM's own (code, threads, metaspace). */
    static long heapBytes(long memoryBytes) {
        return memoryBytes / 4 * 3;
    }

    /** A quarter of this machine's memory (the JVM's own default heap share), at least 256 MiB. */
    public static long defaultMemoryBytes() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Math.max(MIN_MEMORY_BYTES, os.getTotalMemorySize() / 4);
    }

    /** What the process runtime lets one built-in job have on this machine. */
    static Capacity capacity() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cores = Runtime.getRuntime().availableProcessors();
        return new Capacity(cores * 1000, Math.max(MIN_MEMORY_BYTES, os.getTotalMemorySize()), 4096, 0, 64L << 20,
                Limits.MAX_JOB_SECONDS, List.of());
    }

    /** Starts the workload in {@code runtime}, reporting to {@code events}. */
    public static WorkloadRun start(ProcessRuntime runtime, Launch launch, Events events) throws WorkloadFailed {
        List<String> command = command(launch.workload(), launch.args(), launch.agentArgs(), launch.outDir(), launch.memoryBytes());
        var run = new WorkloadRun(launch.outDir(), events);
        writeClassPath(launch.outDir());
        var spec = ContainerSpec.builder(launch.jobId(), launch.leaseId(), new ImageSource.Host()).command(command).env(launch.env())
                .cpuMillis(capacity().cpuMillis()).memoryBytes(launch.memoryBytes()).pidsLimit(capacity().pidsMax())
                .wallClockSeconds(launch.maxSeconds()).build();
        switch (SpecValidator.validate(spec, capacity())) {
            case SpecValidator.Validation.Invalid invalid -> throw new WorkloadFailed("the workload cannot run: " + invalid.errors());
            case SpecValidator.Validation.Valid valid -> run.attach(runtime.start(valid.spec(), run.sink()));
        }
        return run;
    }

    /**
     * A run outside any agent (a checker's re-execution, a test): its own process runtime, in
     * {@code outDir}, and this machine's default memory.
     */
    public static WorkloadRun start(String workload, List<String> args, Path outDir, long maxSeconds, Events events)
            throws WorkloadFailed {
        var runtime = new ProcessRuntime("standalone", outDir.resolve(".run"), JobCgroups.host());
        String id = "run-" + Long.toHexString(System.nanoTime());
        return start(runtime, new Launch(id, id, workload, args, List.of(), Map.of(), outDir, defaultMemoryBytes(), maxSeconds), events);
    }

    /**
     * A run for a job a previous agent started, before the runtime adopts it: hand {@link #sink()} to
     * the runtime's adoption, which reads the job's output again from its first line, then
     * {@link #attach} the handle it returns.
     */
    public static WorkloadRun adopting(Path outDir, Events events) throws WorkloadFailed {
        return new WorkloadRun(outDir, events);
    }

    /** Where the runtime delivers the job's lines. */
    public LogSink sink() {
        return this::accept;
    }

    public void attach(JobHandle handle) {
        this.handle = handle;
        if (problem != null || aborted) {
            handle.cancel();
        }
    }

    /** The runtime's handle: usage, elapsed time. */
    public JobHandle handle() {
        return handle;
    }

    private void accept(LogLine line) {
        String stream = line.stream().name().toLowerCase(Locale.ROOT);
        if (line.stream() == LogLine.Stream.STDERR) {
            writeStderr(line.text());
        }
        events.line(stream, line.text());
        if (line.stream() == LogLine.Stream.STDOUT && problem == null) {
            try {
                event(Json.MAPPER.readTree(line.text()));
            } catch (RuntimeException e) {
                fail("could not read the workload's output: " + e.getMessage());
            }
        }
    }

    private void event(JsonNode event) {
        switch (event.path("event").asString("")) {
            case "progress" -> events.progress(new Progress(event.path("step").asInt(), event.path("total_steps").asInt(),
                    event.path("train_loss").asDouble(), event.path("val_loss").asDouble()));
            case "checkpoint" -> events.checkpoint(new Checkpoint(event.path("step").asLong(),
                    event.path("manifest_sha256").asString(), Path.of(event.path("manifest").asString())));
            case "result" -> outcome = outcome(event);
            default -> { }
        }
    }

    /** A protocol fault: the job is stopped and fails with this reason. */
    private void fail(String reason) {
        problem = reason;
        JobHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    private synchronized void writeStderr(String text) {
        try {
            stderrFile.write(text);
            stderrFile.newLine();
        } catch (IOException full) {
            // a full disk: the outcome says what matters
        }
    }

    /** Waits for the child (within its wall clock, which the runtime enforces) and returns its outcome. */
    public Outcome await() throws WorkloadFailed {
        JobStatus status = handle.await();
        synchronized (this) {
            try {
                stderrFile.close();
            } catch (IOException ignored) {
                // the lines went to the sink as well
            }
        }
        if (problem != null) {
            throw new WorkloadFailed(problem);
        }
        return switch (status) {
            case JobStatus.Succeeded s when outcome != null -> withUsage(outcome);
            case JobStatus.Succeeded s -> throw new WorkloadFailed("the workload exited with code 0 and no result");
            case JobStatus.Failed f -> throw new WorkloadFailed("the workload exited with code " + f.exitCode()
                    + (outcome == null ? " and no result" : ""));
            case JobStatus.Cancelled c -> throw new WorkloadFailed(aborted ? "aborted" : c.message());
            case JobStatus.OomKilled o -> throw new WorkloadFailed(o.code() + ": " + o.message());
            case JobStatus.DiskFull d -> throw new WorkloadFailed(d.code() + ": " + d.message());
            case JobStatus.TimedOut t -> throw new WorkloadFailed(t.code() + ": " + t.message());
            case JobStatus.ImageUnavailable i -> throw new WorkloadFailed(i.code() + ": " + i.message());
            case JobStatus.StartFailed f -> throw new WorkloadFailed("could not start the workload: " + f.message());
        };
    }

    /** The run's time by the runtime's clock (its process's start to its exit), which survives an agent restart. */
    private Outcome withUsage(Outcome result) {
        long millis = Math.max(1, handle.ranMillis() > 0 ? handle.ranMillis() : handle.elapsedMillis());
        return new Outcome(result.modelSha256(), result.modelBytes(), result.finalTrainLoss(), result.finalValLoss(),
                result.samples(), result.artifact(), millis);
    }

    public void abort() {
        aborted = true;
        JobHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    private static void writeClassPath(Path outDir) throws WorkloadFailed {
        String classPath = System.getProperty("java.class.path");
        String quoted = "\"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        try {
            Files.writeString(outDir.resolve(CLASSPATH_FILE), "-cp " + quoted + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkloadFailed("cannot write the class path file: " + e.getMessage());
        }
    }

    private static Outcome outcome(JsonNode event) {
        List<String> samples = new ArrayList<>();
        event.path("samples").forEach(node -> samples.add(node.asString()));
        return new Outcome(event.path("model_sha256").asString(), event.path("model_bytes").asLong(),
                event.path("final_train_loss").asDouble(), event.path("final_val_loss").asDouble(),
                List.copyOf(samples), Path.of(event.path("artifact").asString()), 0);
    }
}
