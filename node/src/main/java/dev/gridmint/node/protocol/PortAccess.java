package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A tenant's pass to one port of one job, good until {@code expires} (ledger seconds): the tenant signs
 * it locally ({@code gridmint job url}), and the coordinator checks the signer is the job's tenant.
 * It is a bearer pass, so it fits in a URL a browser can open; it names one job and one port, and it
 * expires, which bounds what a leaked URL gives away.
 *
 * <p>Text form: {@code <tenant address>.<expires>.<signature, base64url>}.
 */
public record PortAccess(Address tenant, long expires, byte[] signature) {

    /** The longest a pass may be valid for, from when it is checked. */
    public static final long MAX_LIFETIME_SECONDS = 7 * 24 * 3600;
    private static final int MAX_TEXT_LENGTH = 200;
    private static final byte[] DOMAIN = "gridmint/port-access/v1".getBytes(StandardCharsets.UTF_8);

    public static PortAccess sign(Keypair tenant, String networkId, Hash jobId, int port, long expires) {
        return new PortAccess(tenant.address(), expires, tenant.sign(message(networkId, jobId, port, expires)));
    }

    public String text() {
        return tenant + "." + expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** Parses the text form strictly; empty for anything else. */
    public static Optional<PortAccess> parse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PortAccess(Address.parse(parts[0]), Long.parseLong(parts[1]),
                    Base64.getUrlDecoder().decode(parts[2])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Whether this pass was signed by its tenant for this job and port. */
    public boolean signedFor(String networkId, Hash jobId, int port) {
        return Ed25519.verify(tenant, message(networkId, jobId, port, expires), signature);
    }

    private static byte[] message(String networkId, Hash jobId, int port, long expires) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).hash(jobId).i32(port).i64(expires).toByteArray();
    }
}
