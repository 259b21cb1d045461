package dev.gridmint.node.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Transfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisFileTest {

    private static final Genesis GENESIS = new Genesis(TestKeys.of("treasury").address(), TestKeys.of("coordinator").address(),
            NetworkParams.defaults(List.of(TestKeys.of("coordinator").address()), List.of(TestKeys.of("coordinator").address())),
            1_700_000_000L, List.of(Allocation.liquid(TestKeys.of("alice").address(), 1_000_000)));

    @TempDir
    Path dir;

    @Test
    void holdsTheSignedGenesisOfItsNetwork() {
        var file = GenesisFile.of(TestKeys.of("founder"), "gridmint-test", GENESIS);

        SignedTx tx = file.transaction();

        assertThat(tx.payload()).isEqualTo(GENESIS);
        assertThat(tx.networkId()).isEqualTo("gridmint-test");
        assertThat(tx.nonce()).isEqualTo(1);
        assertThat(tx.signer()).isEqualTo(TestKeys.of("founder").address());
        assertThat(tx.hasValidSignature()).isTrue();
    }

    @Test
    void survivesAWriteAndARead() throws Exception {
        var file = GenesisFile.of(TestKeys.of("founder"), "gridmint-test", GENESIS);
        Path path = dir.resolve("genesis.json");

        file.write(path);

        assertThat(GenesisFile.read(path)).isEqualTo(file);
        assertThat(Files.readString(path)).contains("\"networkId\"", "gridmint-test");
    }

    @Test
    void refusesAFileWhoseNetworkIdDisagreesWithItsTransaction() throws Exception {
        var file = GenesisFile.of(TestKeys.of("founder"), "gridmint-test", GENESIS);
        Path path = dir.resolve("genesis.json");
        new GenesisFile("gridmint-main", file.tx()).write(path);

        assertThatThrownBy(() -> GenesisFile.read(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFileThatHoldsAnotherKindOfTransaction() {
        SignedTx transfer = SignedTx.sign(TestKeys.of("founder"), "gridmint-test", 1, new Transfer(TestKeys.of("bob").address(), 1));
        var file = new GenesisFile("gridmint-test", Base64.getEncoder().encodeToString(transfer.encode()));

        assertThatThrownBy(file::transaction).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnknownFields() throws Exception {
        Path path = dir.resolve("genesis.json");
        var file = GenesisFile.of(TestKeys.of("founder"), "gridmint-test", GENESIS);
        Files.writeString(path, "{\"networkId\":\"gridmint-test\",\"tx\":\"" + file.tx() + "\",\"premine\":1}");

        assertThatThrownBy(() -> GenesisFile.read(path)).isInstanceOf(RuntimeException.class);
    }
}
