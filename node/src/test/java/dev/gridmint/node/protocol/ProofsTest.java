package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.ReplayGuard;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProofsTest {

    /** Small matrices, as in the adversarial bench: the codec does not care about the size. */
    private static final ChallengePolicy POLICY = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 0.001);

    private final SplittableRandom random = new SplittableRandom(7);
    private final Keypair checker = Keypair.generate(random);
    private final Keypair provider = Keypair.generate(random);
    private final Challenge challenge = POLICY.issue(checker.address(), provider.address(), Hash.sha256(new byte[] {1}), 4, "CPU")
            .orElseThrow();

    @Test
    void aChallengeSurvivesTheWireWithItsId() {
        AgentMessage.ProofChallenge wire = (AgentMessage.ProofChallenge) AgentMessage.decode(AgentMessage.encode(Proofs.wire(challenge)));

        assertThat(Proofs.challenge(wire)).isEqualTo(challenge);
        assertThat(Proofs.challenge(wire).id()).isEqualTo(challenge.id());
    }

    @Test
    void aResponseSurvivesTheWireAndStillVerifies() {
        ChallengeResponse response = new ChallengeSolver(provider, () -> 0, POLICY).solve(challenge);
        var wire = (AgentMessage.ProofResponse) AgentMessage.decode(AgentMessage.encode(Proofs.wire(response)));

        ChallengeResponse decoded = Proofs.response(wire);

        assertThat(decoded.signingMessage()).isEqualTo(response.signingMessage());
        assertThat(decoded.signature()).isEqualTo(response.signature());
        // Zero compute time reads as infinitely fast, so give it one honest second.
        ChallengeResponse timed = new ChallengeSolver(provider, new java.util.function.LongSupplier() {
            long now;

            @Override
            public long getAsLong() {
                return now += 500_000_000L;
            }
        }, POLICY).solve(challenge);
        assertThat(new ChallengeVerifier(POLICY, new ReplayGuard(4))
                .verify(challenge, Proofs.response(Proofs.wire(timed)), 1_000_000_000L)).isInstanceOf(ChallengeVerdict.Passed.class);
    }

    @Test
    void sizesBeyondAnyPolicyAreRefusedBeforeAnythingIsAllocated() {
        var wire = Proofs.wire(challenge);
        assertThatThrownBy(() -> Proofs.challenge(new AgentMessage.ProofChallenge(wire.checker(), wire.provider(), wire.seed(),
                wire.round(), Proofs.MAX_N + 1, wire.precision(), wire.claimedModel(), wire.deadlineNanos())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be");
        assertThatThrownBy(() -> Proofs.challenge(new AgentMessage.ProofChallenge(wire.checker(), wire.provider(), wire.seed(),
                wire.round(), wire.n(), wire.precision(), "x".repeat(65), wire.deadlineNanos())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimed model");
        assertThatThrownBy(() -> Proofs.challenge(new AgentMessage.ProofChallenge(wire.checker(), wire.provider(), wire.seed(),
                wire.round(), wire.n(), "FP8", wire.claimedModel(), wire.deadlineNanos())))
                .isInstanceOf(IllegalArgumentException.class);

        var response = Proofs.wire(new ChallengeSolver(provider, () -> 0, POLICY).solve(challenge));
        var opening = response.openings().getFirst();
        assertThatThrownBy(() -> Proofs.response(new AgentMessage.ProofResponse(response.challengeId(), response.provider(),
                response.root(), 1, Collections.nCopies(Proofs.MAX_OPENINGS + 1, opening), response.signature())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openings");
        assertThatThrownBy(() -> Proofs.response(new AgentMessage.ProofResponse(response.challengeId(), response.provider(),
                response.root(), 1, List.of(new AgentMessage.ProofOpening(0, opening.values(),
                        Collections.nCopies(Proofs.MAX_PATH + 1, response.root()))), response.signature())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> Proofs.response(new AgentMessage.ProofResponse(response.challengeId(), response.provider(),
                response.root(), 1, response.openings(), "c2ln")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
    }
}
