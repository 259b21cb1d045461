/**
 * Optimizers that update {@link dev.gridmint.workloads.nn.Parameter}s from their accumulated gradients.
 * Today that is {@link dev.gridmint.workloads.optim.AdamW} (Adam with bias correction and decoupled weight
 * decay), which is also the inner optimizer that DiLoCo-style multi-worker training will run on each worker.
 */
package dev.gridmint.workloads.optim;
