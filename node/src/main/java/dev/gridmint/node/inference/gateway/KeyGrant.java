package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A wallet's signed request for a new API key. {@code limitMicroCc}, when above 0, caps what the key may ever draw
 * (0: only the wallet's credits limit it); it is signed, so whoever relays the grant cannot raise it.
 */
public record KeyGrant(Address wallet, long nonce, long expires, long limitMicroCc, byte[] signature) implements KeyStatement {

    private static final byte[] DOMAIN = "gridmint/api-key/v1".getBytes(StandardCharsets.UTF_8);

    public KeyGrant {
        if (limitMicroCc < 0) {
            throw new IllegalArgumentException("a key's limit is 0 (none) or more micro-CC, not " + limitMicroCc);
        }
    }

    /** A grant for a key without a limit of its own. */
    public static KeyGrant sign(Keypair wallet, String networkId, long nonce, long expires) {
        return sign(wallet, networkId, nonce, expires, 0);
    }

    public static KeyGrant sign(Keypair wallet, String networkId, long nonce, long expires, long limitMicroCc) {
        return new KeyGrant(wallet.address(), nonce, expires, limitMicroCc, wallet.sign(message(networkId, wallet.address(), nonce, expires,
                limitMicroCc)));
    }

    @Override
    public boolean signedFor(String networkId) {
        return Ed25519.verify(wallet, message(networkId, wallet, nonce, expires, limitMicroCc), signature);
    }

    /** The body of {@code POST /v1/api-keys}. */
    public Map<String, Object> body() {
        var body = new LinkedHashMap<String, Object>();
        body.put("wallet", wallet.toString());
        body.put("nonce", nonce);
        body.put("expires", expires);
        body.put("limit_micro_cc", limitMicroCc);
        body.put("signature", Base64.getEncoder().encodeToString(signature));
        return body;
    }

    /** Reads a body of {@code POST /v1/api-keys} ({@code limit_micro_cc} may be left out); throws when it is not one. */
    public static KeyGrant fromBody(JsonNode body) {
        JsonNode limit = body.path("limit_micro_cc");
        if (!limit.isMissingNode() && !limit.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("limit_micro_cc is a whole number of micro-CC");
        }
        return new KeyGrant(Address.parse(body.path("wallet").asString()), body.path("nonce").asLong(), body.path("expires").asLong(),
                limit.asLong(0), Base64.getDecoder().decode(body.path("signature").asString()));
    }

    /** The signed bytes; public so that other signers (the web console) can be checked against them. */
    public static byte[] message(String networkId, Address wallet, long nonce, long expires, long limitMicroCc) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(wallet).i64(nonce).i64(expires).i64(limitMicroCc).toByteArray();
    }
}
