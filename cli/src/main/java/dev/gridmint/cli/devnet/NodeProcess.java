package dev.gridmint.cli.devnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Gridmint node in its own JVM, started with the same classpath as this one and logging to a file. */
final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private static final String DEFAULT_HEAP = "256m";

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static NodeProcess start(String name, Path log, List<String> gridmintArgs) throws IOException {
        return start(name, log, gridmintArgs, DEFAULT_HEAP);
    }

    /** As {@link #start(String, Path, List)}, with a heap of {@code heap} (a -Xmx value, such as 512m). */
    static NodeProcess start(String name, Path log, List<String> gridmintArgs, String heap) throws IOException {
        var command = new ArrayList<>(javaCommand(heap));
        command.addAll(gridmintArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new NodeProcess(name, process, log);
    }

    /** Runs a one-shot gridmint command in a fresh JVM and returns its standard output. */
    static String run(List<String> gridmintArgs, long timeoutSeconds) throws IOException, InterruptedException {
        var command = new ArrayList<>(javaCommand(DEFAULT_HEAP));
        command.addAll(gridmintArgs);
        Path errors = Files.createTempFile("gridmint-node", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("gridmint " + String.join(" ", gridmintArgs) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("gridmint " + String.join(" ", gridmintArgs) + " exited with " + process.exitValue()
                        + ": " + out + Files.readString(errors).strip());
            }
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static List<String> javaCommand(String heap) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Small heaps, the serial collector and the quick C1 compiler only: five short-lived JVMs share
        // two cores and a laptop's memory, and start-up matters more to a devnet than peak speed.
        return List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.gridmint.cli.Main");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
