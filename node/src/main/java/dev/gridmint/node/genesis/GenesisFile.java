package dev.gridmint.node.genesis;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A network's birth certificate: the signed genesis transaction, in a JSON file every node of
 * the network loads. {@code {"networkId": "...", "tx": "<base64>"}}.
 */
public record GenesisFile(String networkId, String tx) {

    private static final long MAX_FILE_BYTES = 4 * 1024 * 1024;

    public static GenesisFile of(Keypair founder, String networkId, Genesis genesis) {
        SignedTx tx = SignedTx.sign(founder, networkId, 1, genesis);
        return new GenesisFile(networkId, Base64.getEncoder().encodeToString(tx.encode()));
    }

    /** The genesis transaction; throws if the file's bytes are not one or disagree with its network id. */
    public SignedTx transaction() {
        SignedTx decoded = TxCodec.decode(Base64.getDecoder().decode(tx));
        if (!(decoded.payload() instanceof Genesis) || !decoded.networkId().equals(networkId)) {
            throw new IllegalArgumentException("the genesis file does not hold a genesis transaction for " + networkId);
        }
        return decoded;
    }

    public static GenesisFile read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + " is too large for a genesis file");
        }
        GenesisFile parsed = Json.MAPPER.readValue(Files.readString(file), GenesisFile.class);
        parsed.transaction();
        return parsed;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }
}
