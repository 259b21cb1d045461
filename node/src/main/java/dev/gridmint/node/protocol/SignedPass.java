package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A short-lived pass that proves who calls a read-only endpoint, without a request body to sign: the
 * caller's address, an expiry (epoch millis, at most {@link #MAX_LIFETIME_MILLIS} ahead) and its Ed25519
 * signature over them, domain-separated by {@link Purpose} and bound to the network, so a pass for one
 * endpoint or network is worth nothing at another. The endpoint decides who may hold one: a registered
 * provider for a bandwidth probe ({@code /v1/agent/bandwidth}), a staked checker for the spot-check
 * evidence ({@code /v1/verification/evidence}), which holds the outputs of real users' requests.
 *
 * <p>Text form, in the purpose's header: {@code <address>.<expires>.<signature, base64url>}.
 */
public record SignedPass(Purpose purpose, Address signer, long expiresAtMillis, byte[] signature) {

    public static final long MAX_LIFETIME_MILLIS = 60_000;
    private static final int MAX_TEXT_LENGTH = 200;

    /** What a pass is for: its header and the domain its signature is bound to. */
    public enum Purpose {
        LINK_PROBE("X-Gridmint-Probe", "gridmint/link-probe/v1"),
        EVIDENCE("X-Gridmint-Checker-Pass", "gridmint/evidence-read/v1");

        private final String header;
        private final byte[] domain;

        Purpose(String header, String domain) {
            this.header = header;
            this.domain = domain.getBytes(StandardCharsets.UTF_8);
        }

        public String header() {
            return header;
        }
    }

    public static SignedPass sign(Purpose purpose, Keypair signer, String networkId, long expiresAtMillis) {
        return new SignedPass(purpose, signer.address(), expiresAtMillis,
                signer.sign(message(purpose, networkId, signer.address(), expiresAtMillis)));
    }

    public String text() {
        return signer + "." + expiresAtMillis + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** Parses the text form strictly as a pass for {@code purpose}; empty for anything else. */
    public static Optional<SignedPass> parse(Purpose purpose, String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SignedPass(purpose, Address.parse(parts[0]), Long.parseLong(parts[1]),
                    Base64.getUrlDecoder().decode(parts[2])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Why the pass is not good now on {@code networkId}; empty when it is. */
    public Optional<String> problem(String networkId, long nowMillis) {
        if (expiresAtMillis < nowMillis) {
            return Optional.of("the pass has expired");
        }
        if (expiresAtMillis > nowMillis + MAX_LIFETIME_MILLIS) {
            return Optional.of("a pass is good for at most " + MAX_LIFETIME_MILLIS / 1000 + " s");
        }
        return Ed25519.verify(signer, message(purpose, networkId, signer, expiresAtMillis), signature) ? Optional.empty()
                : Optional.of("the pass is not signed by " + signer);
    }

    private static byte[] message(Purpose purpose, String networkId, Address signer, long expiresAtMillis) {
        return new ByteWriter().fixed(purpose.domain).text(networkId).address(signer).i64(expiresAtMillis).toByteArray();
    }
}
