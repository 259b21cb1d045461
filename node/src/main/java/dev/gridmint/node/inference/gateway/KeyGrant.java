package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;

/** A wallet's signed request for a new API key. */
public record KeyGrant(Address wallet, long nonce, long expires, byte[] signature) implements KeyStatement {

    private static final byte[] DOMAIN = "gridmint/api-key/v1".getBytes(StandardCharsets.UTF_8);

    public static KeyGrant sign(Keypair wallet, String networkId, long nonce, long expires) {
        return new KeyGrant(wallet.address(), nonce, expires, wallet.sign(message(networkId, wallet.address(), nonce, expires)));
    }

    @Override
    public boolean signedFor(String networkId) {
        return Ed25519.verify(wallet, message(networkId, wallet, nonce, expires), signature);
    }

    /** The signed bytes; public so that other signers (the web console) can be checked against them. */
    public static byte[] message(String networkId, Address wallet, long nonce, long expires) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(wallet).i64(nonce).i64(expires).toByteArray();
    }
}
