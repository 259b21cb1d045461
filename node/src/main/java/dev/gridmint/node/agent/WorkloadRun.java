package dev.gridmint.node.agent;

import dev.gridmint.node.json.Json;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * One built-in workload running as a child JVM. The child prints one JSON event per line; this
 * class turns them into progress callbacks and a final outcome, enforces the job's time limit,
 * and kills the child when the lease is taken away. Only known workloads and known options run,
 * so a tenant's arguments cannot reach anything else on the provider's machine.
 */
public final class WorkloadRun {

    private static final String WORKLOAD_MAIN = "dev.gridmint.workloads.WorkloadMain";
    private static final int MAX_LINE_CHARS = 64 * 1024;

    public record Progress(int step, int totalSteps, double trainLoss, double valLoss) {}

    /** A checkpoint the workload wrote: its step, its manifest's SHA-256 (hex) and where the manifest lies. */
    public record Checkpoint(long step, String manifestSha256, Path manifest) {}

    public record Outcome(String modelSha256, long modelBytes, double finalTrainLoss, double finalValLoss,
            List<String> samples, Path artifact, long usageMillis) {}

    /** Where a run's output lines go as they are printed: {@code stream} is {@code stdout} or {@code stderr}. */
    @FunctionalInterface
    public interface LineSink {
        void line(String stream, String text);

        LineSink NONE = (stream, text) -> { };
    }

    /** The workload did not produce an outcome; the reason is shown to the coordinator. */
    public static final class WorkloadFailed extends Exception {
        public WorkloadFailed(String reason) {
            super(reason);
        }
    }

    private final Process process;
    private final Path stderrFile;
    private final long startNanos;
    private volatile boolean aborted;

    private WorkloadRun(Process process, Path stderrFile, long startNanos) {
        this.process = process;
        this.stderrFile = stderrFile;
        this.startNanos = startNanos;
    }

    /** Checks the workload and its arguments; throws {@link WorkloadFailed} for anything not allowed. */
    public static List<String> command(String workload, List<String> args, Path outDir) throws WorkloadFailed {
        return command(workload, args, List.of(), outDir);
    }

    /**
     * As {@link #command(String, List, Path)}, with {@code agentArgs} (paths on this machine, such as the
     * checkpoint directory) appended after the tenant's checked {@code args}; they are the agent's own, not checked.
     */
    public static List<String> command(String workload, List<String> args, List<String> agentArgs, Path outDir)
            throws WorkloadFailed {
        var problem = WorkloadCatalog.problem(workload, args);
        if (problem.isPresent()) {
            throw new WorkloadFailed(problem.get());
        }
        if (!WorkloadCatalog.builtIn(workload)) {
            throw new WorkloadFailed("'" + workload + "' is not a built-in workload; it runs in a container runtime");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), WORKLOAD_MAIN, workload));
        command.addAll(args);
        command.addAll(agentArgs);
        command.addAll(List.of("--out", outDir.toString()));
        return command;
    }

    public static WorkloadRun start(String workload, List<String> args, Path outDir) throws WorkloadFailed {
        return start(workload, args, List.of(), outDir);
    }

    public static WorkloadRun start(String workload, List<String> args, List<String> agentArgs, Path outDir)
            throws WorkloadFailed {
        return start(workload, args, agentArgs, java.util.Map.of(), outDir);
    }

    /** As {@link #start(String, List, List, Path)}, with {@code env} added to the child's environment (a gang member's seat). */
    public static WorkloadRun start(String workload, List<String> args, List<String> agentArgs, java.util.Map<String, String> env,
            Path outDir) throws WorkloadFailed {
        List<String> command = command(workload, args, agentArgs, outDir);
        try {
            Files.createDirectories(outDir);
            var builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder.start();
            return new WorkloadRun(process, outDir.resolve("stderr.log"), System.nanoTime());
        } catch (IOException e) {
            throw new WorkloadFailed("could not start the workload: " + e.getMessage());
        }
    }

    /** Reads events until the child exits, within {@code maxSeconds}; returns its outcome. */
    public Outcome await(long maxSeconds, Consumer<Progress> progress) throws WorkloadFailed {
        return await(maxSeconds, progress, checkpoint -> { }, LineSink.NONE);
    }

    /**
     * As {@link #await(long, Consumer)}, handing each checkpoint to {@code checkpoints} (on the reading
     * thread, so the next events wait until it returns) and every stdout and stderr line to {@code lines}.
     */
    public Outcome await(long maxSeconds, Consumer<Progress> progress, Consumer<Checkpoint> checkpoints, LineSink lines)
            throws WorkloadFailed {
        var stderr = Thread.ofVirtual().name("workload-stderr").start(() -> copyStderr(lines));
        var killer = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(maxSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                // the run ended first
            }
        });
        Outcome outcome = null;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() > MAX_LINE_CHARS) {
                    throw new WorkloadFailed("the workload printed a line longer than " + MAX_LINE_CHARS + " characters");
                }
                lines.line("stdout", line);
                JsonNode event = Json.MAPPER.readTree(line);
                switch (event.path("event").asString("")) {
                    case "progress" -> progress.accept(new Progress(event.path("step").asInt(), event.path("total_steps").asInt(),
                            event.path("train_loss").asDouble(), event.path("val_loss").asDouble()));
                    case "checkpoint" -> checkpoints.accept(new Checkpoint(event.path("step").asLong(),
                            event.path("manifest_sha256").asString(), Path.of(event.path("manifest").asString())));
                    case "result" -> outcome = outcome(event);
                    default -> { }
                }
            }
            int exit = process.waitFor();
            stderr.join();
            if (aborted) {
                throw new WorkloadFailed("aborted");
            }
            if (exit != 0 || outcome == null) {
                throw new WorkloadFailed("the workload exited with code " + exit + (outcome == null ? " and no result" : ""));
            }
            return outcome;
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            // Killing the child can close its output under the reader ("Stream closed"): that is the abort, not a fault.
            throw new WorkloadFailed(aborted ? "aborted" : "could not read the workload's output: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WorkloadFailed("interrupted");
        } finally {
            killer.interrupt();
        }
    }

    /** The child's stderr, line by line, to the sink and to {@code stderr.log} beside its output. */
    private void copyStderr(LineSink lines) {
        try (var reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
                var file = Files.newBufferedWriter(stderrFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                file.write(line);
                file.newLine();
                lines.line("stderr", line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
            }
        } catch (IOException closed) {
            // the child was killed, or the disk is full: the outcome says what matters
        }
    }

    public void abort() {
        aborted = true;
        process.destroyForcibly();
    }

    private Outcome outcome(JsonNode event) {
        List<String> samples = new ArrayList<>();
        event.path("samples").forEach(node -> samples.add(node.asString()));
        long usageMillis = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
        return new Outcome(event.path("model_sha256").asString(), event.path("model_bytes").asLong(),
                event.path("final_train_loss").asDouble(), event.path("final_val_loss").asDouble(),
                List.copyOf(samples), Path.of(event.path("artifact").asString()), usageMillis);
    }
}
