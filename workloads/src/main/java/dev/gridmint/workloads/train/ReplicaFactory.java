package dev.gridmint.workloads.train;

/**
 * Makes replicas of one model: equal {@code seed} gives equal initial θ on every shard, and shard
 * {@code shard} of {@code shards} sees its own deterministic slice of the training data.
 */
@FunctionalInterface
public interface ReplicaFactory {

    Replica create(long seed, int shard, int shards);
}
