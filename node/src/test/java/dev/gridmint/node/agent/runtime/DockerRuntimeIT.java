package dev.gridmint.node.agent.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The runtime contract on a Docker engine, where one runs; skipped with a visible message elsewhere. */
class DockerRuntimeIT extends ContainerRuntimeContract {

    @BeforeAll
    static void dockerEngineIsHere() {
        boolean here = works("docker", "info");
        if (!here) {
            System.err.println("SKIPPED DockerRuntimeIT: no Docker engine answers 'docker info' on this machine");
        }
        assumeTrue(here, "no Docker engine answers 'docker info' on this machine");
    }

    @Override
    String binary() {
        return "docker";
    }

    @Override
    ContainerRuntime runtime(CliRuntime.Settings settings) {
        return new DockerRuntime(settings);
    }
}
