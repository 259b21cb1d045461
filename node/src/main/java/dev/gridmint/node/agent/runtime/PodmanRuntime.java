package dev.gridmint.node.agent.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Rootful podman through its CLI. */
public final class PodmanRuntime extends CliRuntime {

    public PodmanRuntime(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return "podman";
    }

    /** Podman reaches NVIDIA GPUs through CDI, one device per index. */
    @Override
    List<String> gpuOptions(List<Integer> gpus) {
        return gpus.stream().flatMap(i -> List.of("--device", "nvidia.com/gpu=" + i).stream()).toList();
    }

    /** {@code -t 0}: no grace period, the job is being taken away. */
    @Override
    List<String> removeCommand(String container) {
        return List.of("rm", "--force", "--time", "0", container);
    }

    /**
     * Debian 12's conmon 2.1.6 writes its OOM marker into the directory podman was started from
     * instead of the container's state directory (containers/conmon#504), so podman's own
     * {@code OOMKilled} stays false; the runtime starts each job from its own directory to read it.
     */
    @Override
    boolean oomMarker(Path jobDir) {
        return Files.exists(jobDir.resolve("oom"));
    }
}
