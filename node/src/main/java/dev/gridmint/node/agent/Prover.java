package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengeMatrices;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.MatMul;
import dev.gridmint.verify.challenge.Precision;

/**
 * The agent's side of proof-of-GPU: solves a relayed challenge with verify's {@link ChallengeSolver}
 * and answers with the signed response, or refuses with a stable code. The product is computed on
 * the CPU, in Java: this codebase has no GPU kernel, so a GPU provider answers at CPU speed and
 * misses a GPU-sized deadline (see docs/verification.md). One challenge runs at a time, as it would
 * on one device: concurrent challenges would slow each other down and all miss their deadlines.
 */
final class Prover {

    /**
     * The largest product the CPU path takes on: 200 MB for A, B and C and about 10^11 flops, tens
     * of seconds in Java. Larger challenges are sized for a GPU; computing one would only burn the
     * host's CPU for hours and miss the deadline anyway, so the agent says so at once.
     */
    static final int MAX_CPU_N = 4_096;
    private static final int WARM_UP_N = 256;

    private final Keypair key;
    private final Cheat cheat;
    private final ChallengeSolver solver;

    Prover(Keypair key, Cheat cheat) {
        this.key = key;
        this.cheat = cheat;
        this.solver = new ChallengeSolver(key, System::nanoTime, ChallengePolicy.DEFAULT);
    }

    /**
     * Multiplies a small product once, so the JIT has compiled the kernel before the first
     * checker's clock runs: in a fresh JVM the first product is interpreted and several times slower.
     */
    void warmUp() {
        ChallengeMatrices matrices = new ChallengeMatrices(Hash.sha256(new byte[0]), WARM_UP_N, Precision.FP32);
        MatMul.multiply(matrices.a(), matrices.b(), WARM_UP_N);
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
        if (challenge.n() > MAX_CPU_N) {
            return new AgentMessage.ProofRefused(id, "CHALLENGE_TOO_LARGE",
                    "a " + challenge.n() + "x" + challenge.n() + " product is beyond this agent's CPU path (at most " + MAX_CPU_N + ")");
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
