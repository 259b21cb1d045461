package dev.gridmint.node.agent.runtime;

import java.nio.file.Path;
import java.util.List;

/** The Docker engine through its CLI. */
public final class DockerRuntime extends CliRuntime {

    public DockerRuntime(Settings settings) {
        super(settings);
    }

    @Override
    public String name() {
        return "docker";
    }

    /** Docker takes GPUs through the NVIDIA container toolkit; the quotes keep a list of indices one value. */
    @Override
    List<String> gpuOptions(List<Integer> gpus) {
        if (gpus.isEmpty()) {
            return List.of();
        }
        return List.of("--gpus", "\"device=" + String.join(",", gpus.stream().map(String::valueOf).toList()) + "\"");
    }

    /** {@code docker rm --force} kills at once; it has no grace-period flag. */
    @Override
    List<String> removeCommand(String container) {
        return List.of("rm", "--force", container);
    }

    /** Docker's {@code OOMKilled} flag is reliable, so there is nothing more to read. */
    @Override
    boolean oomMarker(Path jobDir) {
        return false;
    }
}
