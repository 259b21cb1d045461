package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The provider's side: generate A and B, multiply, commit, open the rows the root selects, sign.
 * The clock is the caller's (System::nanoTime in the agent, a model in tests and the benchmark);
 * the reported time covers generation, product and commitment, all of which the deadline covers too.
 */
public final class ChallengeSolver {

    private final Keypair provider;
    private final LongSupplier nanoClock;
    private final int sampledRows;

    public ChallengeSolver(Keypair provider, LongSupplier nanoClock, ChallengePolicy policy) {
        this.provider = provider;
        this.nanoClock = nanoClock;
        this.sampledRows = policy.sampledRows();
    }

    public ChallengeResponse solve(Challenge challenge) {
        long start = nanoClock.getAsLong();
        ChallengeMatrices matrices = ChallengeMatrices.of(challenge);
        float[] product = MatMul.multiply(matrices.a(), matrices.b(), challenge.n());
        RowMerkle tree = RowMerkle.build(product, challenge.n());
        long elapsed = nanoClock.getAsLong() - start;
        return respond(challenge, tree, elapsed);
    }

    /** Commits to a given product, which may not be A·B (a lazy or faulty provider), and answers with it. */
    public ChallengeResponse respond(Challenge challenge, float[] product, long elapsedNanos) {
        return respond(challenge, RowMerkle.build(product, challenge.n()), elapsedNanos);
    }

    /** Opens the rows the tree's root selects and signs: for a prover that built the tree itself (a GPU agent). */
    public ChallengeResponse respond(Challenge challenge, RowMerkle tree, long elapsedNanos) {
        Hash id = challenge.id();
        int[] rows = RowSampler.rows(challenge.seed(), tree.root(), challenge.n(), sampledRows);
        List<Opening> openings = Arrays.stream(rows).mapToObj(tree::open).toList();
        byte[] signature = provider.sign(ChallengeResponse.signingMessage(id, provider.address(), tree.root(), elapsedNanos, openings));
        return new ChallengeResponse(id, provider.address(), tree.root(), elapsedNanos, openings, signature);
    }
}
