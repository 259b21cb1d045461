package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.EventTap;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Dashboards follow the ledger over server-sent events. */
class EventStreamAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void everyAppliedTransactionIsStreamedWithItsHeightAndRoot() {
        try (var network = TestNetwork.start(dir); EventTap events = network.events()) {
            var accepted = network.tenant("alice").transfers("bob", 2 * GRID);

            EventTap.Event event = events.await("tx", data -> data.contains(accepted.txHash()));

            JsonNode tx = Json.MAPPER.readTree(event.data());
            assertThat(tx.path("type").asString()).isEqualTo("Transfer");
            assertThat(tx.path("signer").asString()).isEqualTo(TestNetwork.address("alice").toString());
            assertThat(tx.path("height").asLong()).isEqualTo(accepted.height());
            assertThat(tx.path("stateRoot").asString()).isEqualTo(accepted.stateRoot());
        }
    }

    @Test
    void aRefusedTransactionIsNotStreamed() {
        try (var network = TestNetwork.start(dir); EventTap events = network.events()) {
            network.freezeTime(); // no clock ticks between the refusal and the transfer
            long before = network.ledger().height();
            var refused = network.http().postTx(network.signedWithNonce("alice", 99, new dev.gridmint.core.tx.TxPayload.Transfer(
                    TestNetwork.address("bob"), 1)));
            assertThat(refused.status()).isEqualTo(409);
            var accepted = network.tenant("alice").transfers("bob", 1);

            // Events arrive in log order, so the first tx event above the height before the refusal is
            // the accepted transfer (the tap may still hold the clock ticks from before the freeze).
            EventTap.Event event = events.await("tx", data -> Json.MAPPER.readTree(data).path("height").asLong() > before);
            assertThat(event.data()).contains(accepted.txHash());
        }
    }

    @Test
    void aProviderComingOnlineIsStreamed() {
        try (var network = TestNetwork.start(dir); EventTap events = network.events()) {
            var provider = network.provider("p1").start(1 * TestNetwork.CC);

            EventTap.Event event = events.await("provider", data -> data.contains(provider.address().toString()));

            assertThat(Json.MAPPER.readTree(event.data()).path("online").asBoolean()).isTrue();
        }
    }
}
