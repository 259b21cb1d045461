package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.ProviderAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A provider agent in a process of its own, so that a test can kill it as the kernel would
 * ({@code kill -9}: no shutdown hook, no cleanup) and start it again on the same key and data
 * directory. {@link #main} is the child's entry point; {@link #start} launches it from a test.
 */
public final class AgentProcess implements AutoCloseable {

    private final Process process;

    private AgentProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts {@link TestNetwork#key(String) name}'s agent against the network, with its job data in
     * {@code dataDir} and its output in {@code log} (appended, so a restart's lines follow the first run's).
     */
    public static AgentProcess start(TestNetwork network, String name, Path dataDir, long pricePerDeviceHour,
            Duration usageInterval, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Surefire and failsafe may run tests from a manifest-only jar; this property holds the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, AgentProcess.class.getName(),
                network.url(), name, dataDir.toString(), Long.toString(pricePerDeviceHour), Long.toString(usageInterval.toMillis()));
        try {
            return new AgentProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as {@code kill -9} sends it; waits until the process is gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }

    /** The child: {@code <coordinator url> <key name> <data dir> <price per device-hour> <usage interval ms>}. */
    public static void main(String[] args) throws InterruptedException {
        var config = new AgentConfig(args[0], TestNetwork.key(args[1]), Path.of(args[2]), Long.parseLong(args[3]), ProviderNode.REGION)
                .withUsageInterval(Duration.ofMillis(Long.parseLong(args[4])));
        ProviderAgent.start(config);
        new CountDownLatch(1).await();
    }
}
