/**
 * The built-in "names" workload: a character-level MLP language model trained on 4,951 English first names,
 * and the names it then invents. It is small enough to train in seconds on a CPU and fully deterministic
 * (same {@link dev.gridmint.workloads.names.TrainingConfig} ⇒ same model bytes ⇒ same SHA-256), which is what
 * lets the network verify a provider's work by recomputing it.
 */
package dev.gridmint.workloads.names;
