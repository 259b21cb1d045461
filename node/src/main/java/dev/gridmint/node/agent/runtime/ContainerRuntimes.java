package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Finds the container engine a provider machine has: podman first (rootful, no daemon), then a running Docker engine. */
public final class ContainerRuntimes {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private ContainerRuntimes() {}

    public static Optional<ContainerRuntime> detect(String owner, Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the container work directory " + workDir, e);
        }
        if (Cli.run(List.of("podman", "--version"), workDir, PROBE_TIMEOUT).ok()) {
            return Optional.of(new PodmanRuntime(CliRuntime.Settings.defaults("podman", owner, workDir)));
        }
        if (Cli.run(List.of("docker", "info"), workDir, PROBE_TIMEOUT).ok()) {
            return Optional.of(new DockerRuntime(CliRuntime.Settings.defaults("docker", owner, workDir)));
        }
        return Optional.empty();
    }
}
