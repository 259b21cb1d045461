package dev.gridmint.verify.challenge;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import java.util.List;

/**
 * A provider's answer: the root of its commitment to C, the compute time it measured, the rows
 * the root selected, and its Ed25519 signature over all of that and the challenge id.
 */
public record ChallengeResponse(Hash challengeId, Address provider, Hash root, long elapsedNanos, List<Opening> openings,
                                byte[] signature) {

    private static final String DOMAIN = "gridmint/verify/response/v1";

    public ChallengeResponse {
        openings = List.copyOf(openings);
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the provider signs. */
    public static byte[] signingMessage(Hash challengeId, Address provider, Hash root, long elapsedNanos, List<Opening> openings) {
        ByteWriter out = new ByteWriter().text(DOMAIN).hash(challengeId).address(provider).hash(root).i64(elapsedNanos)
                .i32(openings.size());
        for (Opening opening : openings) {
            out.i32(opening.row()).bytes(FloatBytes.of(opening.values())).i32(opening.path().size());
            opening.path().forEach(out::hash);
        }
        return out.toByteArray();
    }

    public byte[] signingMessage() {
        return signingMessage(challengeId, provider, root, elapsedNanos, openings);
    }
}
