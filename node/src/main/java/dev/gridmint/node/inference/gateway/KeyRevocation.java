package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

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

    /** The body of {@code POST /v1/api-keys/revoke}. */
    public Map<String, Object> body() {
        var body = new LinkedHashMap<String, Object>();
        body.put("wallet", wallet.toString());
        body.put("key_id", keyId);
        body.put("nonce", nonce);
        body.put("expires", expires);
        body.put("signature", Base64.getEncoder().encodeToString(signature));
        return body;
    }

    /** Reads a body of {@code POST /v1/api-keys/revoke}; throws when it is not one. */
    public static KeyRevocation fromBody(JsonNode body) {
        return new KeyRevocation(Address.parse(body.path("wallet").asString()), body.path("key_id").asString(), body.path("nonce").asLong(),
                body.path("expires").asLong(), Base64.getDecoder().decode(body.path("signature").asString()));
    }

    /** The signed bytes; public so that other signers (the web console) can be checked against them. */
    public static byte[] message(String networkId, Address wallet, String keyId, long nonce, long expires) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(wallet).text(keyId).i64(nonce).i64(expires).toByteArray();
    }
}
