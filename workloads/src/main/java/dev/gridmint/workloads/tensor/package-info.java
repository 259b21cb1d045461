/**
 * A deliberately tiny dense-matrix type for the built-in workloads: row-major {@code double[]} storage
 * and the handful of operations a small MLP needs, written as explicit loops in a fixed order.
 * It exists instead of a linear-algebra library so that the workload has no runtime dependencies and
 * every floating-point result is bit-identical on every JVM (no parallelism, no reordering, no native code).
 */
package dev.gridmint.workloads.tensor;
