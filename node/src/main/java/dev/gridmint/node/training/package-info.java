/**
 * The coordinator's round service for training on the network: {@link dev.gridmint.node.training.TrainingSession}s
 * (DiLoCo around the pure aggregator, or the data-parallel baseline), their signed HTTP endpoints
 * ({@link dev.gridmint.node.training.TrainingApi}) and the clock that closes rounds
 * ({@link dev.gridmint.node.training.TrainingService}). Workers are {@code WorkloadMain diloco-worker} JVMs.
 */
package dev.gridmint.node.training;
