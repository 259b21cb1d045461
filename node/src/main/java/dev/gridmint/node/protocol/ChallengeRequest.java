package dev.gridmint.node.protocol;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.challenge.Challenge;
import java.util.Base64;

/**
 * The body of {@code POST /v1/challenges}: a challenge's fields (as in {@link
 * AgentMessage.ProofChallenge}) and the checker's Ed25519 signature (base64) over {@link
 * Proofs#requestMessage} of the challenge id.
 */
public record ChallengeRequest(String checker, String provider, String seed, long round, int n, String precision,
        String claimedModel, long deadlineNanos, String signature) {

    public static ChallengeRequest sign(Keypair checker, Challenge challenge) {
        var wire = Proofs.wire(challenge);
        String signature = Base64.getEncoder().encodeToString(checker.sign(Proofs.requestMessage(challenge.id())));
        return new ChallengeRequest(wire.checker(), wire.provider(), wire.seed(), wire.round(), wire.n(), wire.precision(),
                wire.claimedModel(), wire.deadlineNanos(), signature);
    }

    public AgentMessage.ProofChallenge challenge() {
        return new AgentMessage.ProofChallenge(checker, provider, seed, round, n, precision, claimedModel, deadlineNanos);
    }
}
