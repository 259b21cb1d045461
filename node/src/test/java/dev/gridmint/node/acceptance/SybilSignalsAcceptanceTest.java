package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.HardwareAttestation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents sign what hardware they run on, and the coordinator flags provider keys that share a GPU:
 * one physical board offered under two identities is the io.net spoofing pattern.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SybilSignalsAcceptanceTest {

    private static final String SHARED_GPU = "GPU-852a5fba-444a-df42-b37f-5722051e2670";

    private TestNetwork network;

    @BeforeAll
    void start(@TempDir Path dir) {
        network = TestNetwork.start(dir);
        for (String name : List.of("farm-1", "farm-2", "honest", "liar")) {
            network.submit(name, new RegisterProvider(
                    new HardwareOffer(DeviceClass.GPU, "NVIDIA GeForce RTX 4090", 1, 24_564, 16, 65_536, "test-region", 1 * GRID)));
        }
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void twoKeysReportingOneGpuAreFlaggedWithTheUuidAsEvidence() {
        try (var farm1 = login("farm-1"); var farm2 = login("farm-2"); var honest = login("honest")) {
            report(farm1, "farm-1", List.of(SHARED_GPU), "01".repeat(32));
            report(farm2, "farm-2", List.of(SHARED_GPU), "02".repeat(32));
            report(honest, "honest", List.of("GPU-d45c39a3-9ec3-53c1-62e9-17d310269470"), "03".repeat(32));

            VerificationView view = Eventually.await("the shared GPU to be flagged", Duration.ofSeconds(10), this::verification,
                    v -> !v.sybils().isEmpty());

            assertThat(view.sybils()).singleElement().satisfies(flag -> {
                assertThat(flag.identities()).containsExactlyInAnyOrder(
                        TestNetwork.address("farm-1").toString(), TestNetwork.address("farm-2").toString());
                assertThat(flag.evidence()).contains(new VerificationView.EvidenceEntry("gpu_uuid", SHARED_GPU));
            });
        }
    }

    @Test
    void aReportNotSignedForThisConnectionIsRefused() {
        try (var liar = login("liar")) {
            var elsewhere = new AgentMessage.Challenge(network.networkId(), "ffeeddccbbaa99887766554433221100");
            liar.socket().send(HardwareAttestation.sign(TestNetwork.key("liar"), elsewhere, List.of(SHARED_GPU), "04".repeat(32)));

            var error = liar.socket().next(AgentMessage.Error.class);
            assertThat(error.code()).isEqualTo("BAD_HARDWARE_REPORT");
            assertThat(verification().sybils()).allSatisfy(flag ->
                    assertThat(flag.identities()).doesNotContain(TestNetwork.address("liar").toString()));
        }
    }

    /** A logged-in raw agent connection and the challenge it answered, which its hardware report must sign. */
    private record LoggedIn(AgentSocket socket, AgentMessage.Challenge challenge) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    private LoggedIn login(String name) {
        AgentSocket socket = network.agentSocket();
        AgentMessage.Challenge challenge = socket.challenge();
        socket.send(AgentAuth.answer(TestNetwork.key(name), challenge));
        socket.next(AgentMessage.Welcome.class);
        return new LoggedIn(socket, challenge);
    }

    private static void report(LoggedIn agent, String name, List<String> gpus, String fingerprint) {
        agent.socket().send(HardwareAttestation.sign(TestNetwork.key(name), agent.challenge(), gpus, fingerprint));
    }

    private VerificationView verification() {
        return Json.MAPPER.readValue(network.http().get("/v1/verification").body(), VerificationView.class);
    }
}
