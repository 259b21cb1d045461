/**
 * The contract between models and trainers: a {@link dev.gridmint.workloads.train.Replica} is a model on
 * one data shard, and single-worker, data-parallel and DiLoCo training all drive replicas through it.
 */
package dev.gridmint.workloads.train;
