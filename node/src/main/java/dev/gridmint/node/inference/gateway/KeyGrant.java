package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;

/**
 * A wallet's signed request for an API key: good once ({@code nonce}) and only until {@code expires}
 * (ledger seconds), so a captured request cannot mint a second key later.
 */
public record KeyGrant(Address wallet, long nonce, long expires, byte[] signature) {

    /** The longest a grant may be valid for, from when it is checked. */
    public static final long MAX_LIFETIME_SECONDS = 600;
    private static final byte[] DOMAIN = "gridmint/api-key/v1".getBytes(StandardCharsets.UTF_8);

    public static KeyGrant sign(Keypair wallet, String networkId, long nonce, long expires) {
        return new KeyGrant(wallet.address(), nonce, expires, wallet.sign(message(networkId, wallet.address(), nonce, expires)));
    }

    public boolean signedFor(String networkId) {
        return Ed25519.verify(wallet, message(networkId, wallet, nonce, expires), signature);
    }

    private static byte[] message(String networkId, Address wallet, long nonce, long expires) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(wallet).i64(nonce).i64(expires).toByteArray();
    }
}
