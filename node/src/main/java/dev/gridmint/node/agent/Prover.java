package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengeMatrices;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.MatMul;

/**
 * The agent's side of proof-of-GPU: solves a relayed challenge with verify's {@link ChallengeSolver}
 * and answers with the signed response, or refuses with a stable code. The product is computed on
 * the CPU, in Java: this codebase has no GPU kernel, so a GPU provider answers at CPU speed and
 * misses a GPU-sized deadline (see docs/verification.md). One challenge runs at a time, as it would
 * on one device: concurrent challenges would slow each other down and all miss their deadlines.
 */
final class Prover {

    /** A, B and C must fit in this share of the heap, or the challenge is refused as too large for this machine. */
    private static final int HEAP_SHARE = 4;

    private final Keypair key;
    private final Cheat cheat;
    private final ChallengeSolver solver;

    Prover(Keypair key, Cheat cheat) {
        this.key = key;
        this.cheat = cheat;
        this.solver = new ChallengeSolver(key, System::nanoTime, ChallengePolicy.DEFAULT);
    }

    synchronized AgentMessage answer(AgentMessage.ProofChallenge wire) {
        Challenge challenge;
        try {
            challenge = Proofs.challenge(wire);
        } catch (IllegalArgumentException e) {
            // Without a valid challenge there is no id to answer to: the coordinator validated it, so this is a bug there.
            return new AgentMessage.Error("BAD_CHALLENGE", "not a valid challenge: " + e.getMessage());
        }
        String id = challenge.id().hex();
        if (!challenge.provider().equals(key.address())) {
            return new AgentMessage.ProofRefused(id, "FOREIGN_CHALLENGE",
                    "the challenge is addressed to " + challenge.provider() + ", not " + key.address());
        }
        long bytes = 3L * challenge.n() * challenge.n() * Float.BYTES;
        if (bytes > Runtime.getRuntime().maxMemory() / HEAP_SHARE) {
            return new AgentMessage.ProofRefused(id, "CHALLENGE_TOO_LARGE",
                    "a " + challenge.n() + "x" + challenge.n() + " product needs " + (bytes >> 20) + " MiB; this agent has too little memory");
        }
        return Proofs.wire(cheat == Cheat.WRONG_PRODUCT ? corrupted(challenge) : solver.solve(challenge));
    }

    /** TEST ONLY ({@link Cheat#WRONG_PRODUCT}): the true product with every element off by one, committed and signed as if right. */
    private ChallengeResponse corrupted(Challenge challenge) {
        long start = System.nanoTime();
        ChallengeMatrices matrices = ChallengeMatrices.of(challenge);
        float[] product = MatMul.multiply(matrices.a(), matrices.b(), challenge.n());
        for (int i = 0; i < product.length; i++) {
            product[i] += 1;
        }
        return solver.respond(challenge, product, System.nanoTime() - start);
    }
}
