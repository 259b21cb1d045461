package dev.gridmint.node.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A training worker JVM ({@code WorkloadMain diloco-worker|ddp-worker}) started on this machine with this
 * JVM's classpath, the way the provider agent starts workloads. Its stdout (JSON lines) and stderr go to files.
 */
public final class WorkerProcess {

    private static final String WORKLOAD_MAIN = "dev.gridmint.workloads.WorkloadMain";

    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts worker {@code worker} of {@code session}; {@code extra} holds further options (the test-only
     * {@code --cheat}). Its output goes to {@code worker-N.out} and {@code worker-N.err} in {@code dir},
     * appended, so a restarted worker's lines follow its first life's.
     */
    public static WorkerProcess start(String command, String coordinatorUrl, String session, int worker, Path key,
            Path dir, List<String> extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> line = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), WORKLOAD_MAIN, command,
                "--coordinator", coordinatorUrl, "--session", session, "--worker", Integer.toString(worker),
                "--key", key.toString()));
        line.addAll(extra);
        Process process = new ProcessBuilder(line)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker-" + worker + ".out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("worker-" + worker + ".err").toFile()))
                .start();
        return new WorkerProcess(process);
    }

    /** SIGKILL: the JVM gets no chance to say goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits up to {@code seconds} for the worker to exit; its exit status, or -1 if it had to be killed. */
    public int await(long seconds) throws InterruptedException {
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    public boolean alive() {
        return process.isAlive();
    }
}
