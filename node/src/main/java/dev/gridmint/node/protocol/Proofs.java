package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.Opening;
import dev.gridmint.verify.challenge.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * Between verify's challenge records and their wire form ({@link AgentMessage.ProofChallenge},
 * {@link AgentMessage.ProofResponse}). Decoding is strict and bounded: every field is parsed, and
 * a size outside what any policy issues is refused with an {@link IllegalArgumentException}, so a
 * peer cannot make the other side allocate a matrix or a path of its choosing.
 */
public final class Proofs {

    /** The largest matrix any policy issues. */
    public static final int MAX_N = ChallengePolicy.DEFAULT.maxN();
    /** The longest deadline a checker may set: a challenge is a burst, not a job. */
    public static final long MAX_DEADLINE_NANOS = 600_000_000_000L;
    /** More rows than any policy samples is not a response to one of its challenges. */
    public static final int MAX_OPENINGS = 64;
    /** A Merkle path over at most {@link #MAX_N} rows is at most 17 hashes; some room is left. */
    public static final int MAX_PATH = 32;
    private static final int MAX_MODEL_CHARS = 64;
    private static final String REQUEST_DOMAIN = "gridmint/verify/challenge-request/v1";

    private Proofs() {}

    public static AgentMessage.ProofChallenge wire(Challenge c) {
        return new AgentMessage.ProofChallenge(c.checker().toString(), c.provider().toString(), c.seed().hex(), c.round(), c.n(),
                c.precision().name(), c.claimedModel(), c.deadlineNanos());
    }

    public static Challenge challenge(AgentMessage.ProofChallenge wire) {
        require(wire.n() >= 1 && wire.n() <= MAX_N, "n must be 1.." + MAX_N);
        require(wire.deadlineNanos() >= 1 && wire.deadlineNanos() <= MAX_DEADLINE_NANOS, "the deadline must be 1.." + MAX_DEADLINE_NANOS + " ns");
        require(wire.claimedModel() != null && !wire.claimedModel().isBlank() && wire.claimedModel().length() <= MAX_MODEL_CHARS,
                "the claimed model must be 1.." + MAX_MODEL_CHARS + " characters");
        return new Challenge(address(wire.checker()), address(wire.provider()), hash(wire.seed()), wire.round(), wire.n(),
                precision(wire.precision()), wire.claimedModel(), wire.deadlineNanos());
    }

    public static AgentMessage.ProofResponse wire(ChallengeResponse r) {
        List<AgentMessage.ProofOpening> openings = r.openings().stream()
                .map(o -> new AgentMessage.ProofOpening(o.row(), Base64.getEncoder().encodeToString(FloatBytes.of(o.values())),
                        o.path().stream().map(Hash::hex).toList()))
                .toList();
        return new AgentMessage.ProofResponse(r.challengeId().hex(), r.provider().toString(), r.root().hex(), r.elapsedNanos(),
                openings, Base64.getEncoder().encodeToString(r.signature()));
    }

    public static ChallengeResponse response(AgentMessage.ProofResponse wire) {
        require(wire.openings().size() <= MAX_OPENINGS, "at most " + MAX_OPENINGS + " openings");
        List<Opening> openings = wire.openings().stream().map(Proofs::opening).toList();
        byte[] signature = base64(wire.signature());
        require(signature.length == Ed25519.SIGNATURE_LENGTH, "a signature is " + Ed25519.SIGNATURE_LENGTH + " bytes");
        return new ChallengeResponse(hash(wire.challengeId()), address(wire.provider()), hash(wire.root()), wire.elapsedNanos(),
                openings, signature);
    }

    private static Opening opening(AgentMessage.ProofOpening wire) {
        require(wire.row() >= 0 && wire.row() < MAX_N, "a row is 0.." + (MAX_N - 1));
        require(wire.path().size() <= MAX_PATH, "a path has at most " + MAX_PATH + " hashes");
        byte[] bytes = base64(wire.values());
        require(bytes.length % Float.BYTES == 0 && bytes.length <= Float.BYTES * MAX_N, "a row is at most " + MAX_N + " floats");
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Opening(wire.row(), values, wire.path().stream().map(Proofs::hash).toList());
    }

    /** What a checker signs to ask the coordinator to relay a challenge: the challenge id, under its own domain. */
    public static byte[] requestMessage(Hash challengeId) {
        return new ByteWriter().text(REQUEST_DOMAIN).hash(challengeId).toByteArray();
    }

    /** The bytes a checker hashes into a verdict's evidence: the response as the provider signed it. */
    public static byte[] evidenceBytes(ChallengeResponse response) {
        byte[] message = response.signingMessage();
        byte[] signature = response.signature();
        return ByteBuffer.allocate(message.length + signature.length).put(message).put(signature).array();
    }

    private static Address address(String text) {
        require(text != null, "an address is required");
        return Address.parse(text);
    }

    private static Hash hash(String hex) {
        require(hex != null, "a hash is required");
        return Hash.parse(hex);
    }

    private static Precision precision(String name) {
        require(name != null, "a precision is required");
        return Precision.valueOf(name);
    }

    private static byte[] base64(String text) {
        require(text != null, "base64 data is required");
        return Base64.getDecoder().decode(text);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
