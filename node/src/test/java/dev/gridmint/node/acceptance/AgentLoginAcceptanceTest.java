package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.node.acceptance.dsl.AgentSocket;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.coordinator.CoordinatorConfig;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent WebSocket lets in only a registered provider that signs this connection's challenge
 * with its own key. Anything else gets an {@code error} with a stable code and is disconnected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLoginAcceptanceTest {

    private static final String KNOWN = "p-known";

    private TestNetwork network;

    @BeforeAll
    void start(@TempDir Path dir) {
        network = TestNetwork.start(dir);
        network.submit(KNOWN, new RegisterProvider(
                new HardwareOffer(DeviceClass.CPU, "Test CPU", 1, 0, 4, 8_192, "test-region", 1 * GRID)));
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aRegisteredProviderThatSignsTheChallengeIsWelcomedAndListedOnline() {
        try (var agent = network.agentSocket()) {
            AgentMessage.Challenge challenge = agent.challenge();
            assertThat(challenge.networkId()).isEqualTo(network.networkId());
            assertThat(challenge.nonce()).hasSize(32);

            agent.send(AgentAuth.answer(TestNetwork.key(KNOWN), challenge));

            var welcome = agent.next(AgentMessage.Welcome.class);
            assertThat(welcome.heartbeatMillis()).isEqualTo(CoordinatorConfig.DEFAULT_HEARTBEAT_INTERVAL.toMillis());
            Eventually.await("the provider to be listed online", Duration.ofSeconds(10),
                    () -> network.providerView(TestNetwork.address(KNOWN)).online());
            agent.send(new AgentMessage.Heartbeat(null));

            // Saying hello twice on one connection is a protocol error.
            agent.send(AgentAuth.answer(TestNetwork.key(KNOWN), challenge));
            assertRefused(agent, "UNEXPECTED");
        }
    }

    @Test
    void aHelloSignedWithAnotherKeyIsRefused() {
        try (var agent = network.agentSocket()) {
            AgentMessage.Challenge challenge = agent.challenge();
            var impostor = AgentAuth.answer(TestNetwork.key("mallory"), challenge);

            agent.send(new AgentMessage.Hello(TestNetwork.address(KNOWN).toString(), impostor.signature()));

            assertRefused(agent, "BAD_SIGNATURE");
        }
    }

    @Test
    void aHelloThatSignsAnotherConnectionsChallengeIsRefused() {
        AgentMessage.Hello replayed;
        try (var first = network.agentSocket()) {
            replayed = AgentAuth.answer(TestNetwork.key(KNOWN), first.challenge());
        }
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.send(replayed);
            assertRefused(agent, "BAD_SIGNATURE");
        }
    }

    @Test
    void aHelloSignedForAnotherNetworkIsRefused() {
        try (var agent = network.agentSocket()) {
            AgentMessage.Challenge challenge = agent.challenge();
            agent.send(AgentAuth.answer(TestNetwork.key(KNOWN), new AgentMessage.Challenge("gridmint-elsewhere", challenge.nonce())));
            assertRefused(agent, "BAD_SIGNATURE");
        }
    }

    @Test
    void aHelloWithAMalformedSignatureOrAddressIsRefused() {
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.send(new AgentMessage.Hello(TestNetwork.address(KNOWN).toString(), "***"));
            assertRefused(agent, "BAD_SIGNATURE");
        }
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.send(new AgentMessage.Hello("not-an-address", Base64.getEncoder().encodeToString(new byte[64])));
            assertRefused(agent, "BAD_SIGNATURE");
        }
    }

    @Test
    void anUnregisteredKeyIsToldToRegisterFirst() {
        try (var agent = network.agentSocket()) {
            agent.send(AgentAuth.answer(TestNetwork.key("p-unregistered"), agent.challenge()));
            assertRefused(agent, "UNKNOWN_PROVIDER");
        }
    }

    @Test
    void garbageIsRefused() {
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.sendText("GET / HTTP/1.1");
            assertRefused(agent, "MALFORMED");
        }
    }

    @Test
    void aMessageOfAnUnknownTypeIsRefused() {
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.sendText("{\"type\":\"mint\",\"amount\":1000000}");
            assertRefused(agent, "MALFORMED");
        }
    }

    @Test
    void anythingButAHelloFirstIsRefused() {
        try (var agent = network.agentSocket()) {
            agent.challenge();
            agent.send(new AgentMessage.Heartbeat(null));
            assertRefused(agent, "BAD_SIGNATURE");
        }
    }

    @Test
    void aRefusedLoginRegistersNothing() {
        try (var agent = network.agentSocket()) {
            agent.send(AgentAuth.answer(TestNetwork.key("p-unregistered"), agent.challenge()));
            assertRefused(agent, "UNKNOWN_PROVIDER");
        }
        assertThat(network.client().providers())
                .allSatisfy(view -> assertThat(view.address()).isEqualTo(TestNetwork.address(KNOWN).toString()));
    }

    private static void assertRefused(AgentSocket agent, String code) {
        var error = agent.next(AgentMessage.Error.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
        agent.awaitClosed();
        assertThat(agent.isClosed()).isTrue();
    }
}
