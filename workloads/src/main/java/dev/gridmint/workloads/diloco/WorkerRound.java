package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import java.util.List;
import java.util.Objects;

/**
 * One worker's part of one DiLoCo round: from the global θ, H inner AdamW steps on its shard, starting at
 * data cursor {@code round · H}, then Δ = θ_global − θ_local.
 *
 * <p>The inner AdamW starts fresh every round. The DiLoCo paper keeps each worker's inner optimizer state
 * across rounds; we do not, so that a round is a pure function of (θ, seed, shard, round): a verifier, or a
 * worker that takes over a shard, recomputes it bit for bit without any of the worker's history.
 *
 * @param inner the inner AdamW settings; its learning rate is used for every step
 */
public record WorkerRound(int innerSteps, AdamW.Settings inner) {

    /** The pseudo-gradient, the tokens it was trained on and the mean loss of its inner batches. */
    public record Result(double[] delta, long tokens, double meanInnerLoss) {}

    public WorkerRound {
        Objects.requireNonNull(inner, "inner");
        if (innerSteps < 1) {
            throw new IllegalArgumentException("innerSteps must be >= 1, got " + innerSteps);
        }
    }

    /** Runs the round on {@code replica}, which must be the replica of (seed, shard); it is overwritten. */
    public Result run(Replica replica, double[] theta, long round) {
        List<Parameter> parameters = replica.parameters();
        ParameterVector.setValues(parameters, theta);
        replica.seek(Math.multiplyExact(round, (long) innerSteps));
        AdamW optimizer = new AdamW(parameters, inner);
        long tokens = 0;
        double lossSum = 0;
        for (int step = 0; step < innerSteps; step++) {
            optimizer.zeroGrad();
            Replica.BatchLoss batch = replica.accumulateGradients();
            tokens += batch.tokens();
            lossSum += batch.loss();
            optimizer.step();
        }
        double[] delta = ParameterVector.values(parameters);
        for (int i = 0; i < delta.length; i++) {
            delta[i] = theta[i] - delta[i];
        }
        return new Result(delta, tokens, lossSum / innerSteps);
    }
}
