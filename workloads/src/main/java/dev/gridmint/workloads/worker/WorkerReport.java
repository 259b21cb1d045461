package dev.gridmint.workloads.worker;

/** What a worker reports after each round (DiLoCo) or step (data-parallel): the loss it saw on its batches. */
public record WorkerReport(long round, int shard, double innerLoss, long tokens) {}
