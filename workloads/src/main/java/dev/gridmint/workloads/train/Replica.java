package dev.gridmint.workloads.train;

import dev.gridmint.workloads.nn.Parameter;
import java.util.List;

/**
 * One worker's copy of a model, bound to its own shard of the training data.
 *
 * <p>This is the whole contract between a model and the distributed trainers (a single worker,
 * synchronous data parallel, DiLoCo): they read and write θ through {@link #parameters()}, and they ask
 * the replica for gradients on its next batch. The optimizer belongs to the caller, so an inner AdamW,
 * an averaged gradient or an outer Nesterov step can all drive the same replica.
 *
 * <p>Everything is deterministic: the same factory arguments and the same sequence of calls give
 * bit-identical parameters and losses.
 */
public interface Replica {

    /** θ, in a fixed order that is the same for every replica the factory makes. */
    List<Parameter> parameters();

    /**
     * Runs forward and backward on this replica's next training batch, adding into each parameter's
     * gradient (the caller zeroes them), and advances the data cursor.
     */
    BatchLoss accumulateGradients();

    /** The mean loss per token over the fixed validation set, with no side effects. */
    double validationLoss();

    /** How many training batches this replica has consumed: the data cursor a checkpoint records. */
    long cursor();

    /** Moves the data cursor, so a resumed or reassigned worker continues where another stopped. */
    void seek(long cursor);

    /** The mean loss of one batch and the number of target tokens it covered (the weight in averages). */
    record BatchLoss(double loss, int tokens) {}
}
