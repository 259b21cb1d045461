package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A wallet's signed order to revoke one of its API keys, named by {@code keyId}: the start of the key's SHA-256 in hex,
 * at least {@value #MIN_ID_LENGTH} digits (what {@code GET /v1/api-keys} and the usage lists show), or all 64. Only the
 * wallet can revoke: a leaked key cannot revoke its owner's other keys.
 */
public record KeyRevocation(Address wallet, String keyId, long nonce, long expires, byte[] signature) implements KeyStatement {

    public static final int MIN_ID_LENGTH = 12;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{" + MIN_ID_LENGTH + ",64}");
    private static final byte[] DOMAIN = "gridmint/api-key-revoke/v1".getBytes(StandardCharsets.UTF_8);

    public KeyRevocation {
        if (keyId == null || !ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a key id is " + MIN_ID_LENGTH + " to 64 lowercase hex digits of the key's SHA-256");
        }
    }

    public static KeyRevocation sign(Keypair wallet, String networkId, String keyId, long nonce, long expires) {
        return new KeyRevocation(wallet.address(), keyId, nonce, expires, wallet.sign(message(networkId, wallet.address(), keyId, nonce,
                expires)));
    }

    @Override
    public boolean signedFor(String networkId) {
        return Ed25519.verify(wallet, message(networkId, wallet, keyId, nonce, expires), signature);
    }

    /** The signed bytes; public so that other signers (the web console) can be checked against them. */
    public static byte[] message(String networkId, Address wallet, String keyId, long nonce, long expires) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(wallet).text(keyId).i64(nonce).i64(expires).toByteArray();
    }
}
