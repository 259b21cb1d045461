/**
 * Neural-network layers with hand-written forward and backward passes: {@link dev.gridmint.workloads.nn.Embedding},
 * {@link dev.gridmint.workloads.nn.Linear}, {@link dev.gridmint.workloads.nn.Tanh} and
 * {@link dev.gridmint.workloads.nn.CrossEntropy}, plus the {@link dev.gridmint.workloads.nn.Parameter} (value and
 * gradient) that an optimizer updates. There is no autograd: each layer caches what its backward pass needs,
 * which keeps the code small, auditable and deterministic, and lets later distributed training (DiLoCo)
 * exchange parameters as plain matrices.
 */
package dev.gridmint.workloads.nn;
