package dev.gridmint.node.agent.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The runtime contract on rootful podman, which CI installs through shared/tools/setup-podman.sh. */
class PodmanRuntimeIT extends ContainerRuntimeContract {

    @BeforeAll
    static void podmanIsHere() {
        boolean here = works("podman", "--version");
        if (!here) {
            System.err.println("SKIPPED PodmanRuntimeIT: podman is not installed (run shared/tools/setup-podman.sh)");
        }
        assumeTrue(here, "podman is not installed (run shared/tools/setup-podman.sh)");
    }

    @Override
    String binary() {
        return "podman";
    }

    @Override
    ContainerRuntime runtime(CliRuntime.Settings settings) {
        return new PodmanRuntime(settings);
    }
}
