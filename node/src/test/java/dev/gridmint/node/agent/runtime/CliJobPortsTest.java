package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CliJobPortsTest {

    @Test
    void readsTheLoopbackTcpPortsTheEnginePublished() {
        String podman = "8080/tcp -> 127.0.0.1:41233\n9090/tcp -> 127.0.0.1:38001\n";
        String docker = "8080/tcp -> 127.0.0.1:41233\n53/udp -> 127.0.0.1:5353\n8443/tcp -> 0.0.0.0:8443\n";

        assertThat(CliJob.parsePorts(podman)).containsExactly(Map.entry(8080, 41233), Map.entry(9090, 38001));
        assertThat(CliJob.parsePorts(docker)).as("only TCP on loopback is relayed").containsOnlyKeys(8080);
        assertThat(CliJob.parsePorts("")).isEmpty();
        assertThat(CliJob.parsePorts("Error: no container with name or ID x found")).isEmpty();
    }
}
