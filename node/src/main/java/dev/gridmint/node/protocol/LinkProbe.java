package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A provider's pass for one bandwidth probe against the coordinator ({@code GET} and {@code POST
 * /v1/agent/bandwidth}): its address, an expiry (epoch millis, at most {@link #MAX_LIFETIME_MILLIS}
 * ahead) and its Ed25519 signature over them, domain-separated and bound to the network. The
 * coordinator serves probes only to registered providers holding such a pass, one probe at a time
 * and at most one a {@link #MIN_INTERVAL_MILLIS} per provider and direction, so the endpoint cannot be
 * used to make it send or take traffic for anyone else.
 *
 * <p>Text form, in the {@value #HEADER} header: {@code <address>.<expires>.<signature, base64url>}.
 */
public record LinkProbe(Address provider, long expiresAtMillis, byte[] signature) {

    public static final String HEADER = "X-Gridmint-Probe";
    /** The most one probe moves in one direction. */
    public static final int MAX_BYTES = 16 << 20;
    public static final long MAX_LIFETIME_MILLIS = 60_000;
    public static final long MIN_INTERVAL_MILLIS = 10_000;
    private static final int MAX_TEXT_LENGTH = 200;
    private static final byte[] DOMAIN = "gridmint/link-probe/v1".getBytes(StandardCharsets.UTF_8);

    public static LinkProbe sign(Keypair provider, String networkId, long expiresAtMillis) {
        return new LinkProbe(provider.address(), expiresAtMillis, provider.sign(message(networkId, provider.address(), expiresAtMillis)));
    }

    public String text() {
        return provider + "." + expiresAtMillis + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** Parses the text form strictly; empty for anything else. */
    public static Optional<LinkProbe> parse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LinkProbe(Address.parse(parts[0]), Long.parseLong(parts[1]), Base64.getUrlDecoder().decode(parts[2])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Why the pass is not good now on {@code networkId}; empty when it is. */
    public Optional<String> problem(String networkId, long nowMillis) {
        if (expiresAtMillis < nowMillis) {
            return Optional.of("the probe pass has expired");
        }
        if (expiresAtMillis > nowMillis + MAX_LIFETIME_MILLIS) {
            return Optional.of("a probe pass is good for at most " + MAX_LIFETIME_MILLIS / 1000 + " s");
        }
        return Ed25519.verify(provider, message(networkId, provider, expiresAtMillis), signature) ? Optional.empty()
                : Optional.of("the probe pass is not signed by " + provider);
    }

    private static byte[] message(String networkId, Address provider, long expiresAtMillis) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(provider).i64(expiresAtMillis).toByteArray();
    }
}
