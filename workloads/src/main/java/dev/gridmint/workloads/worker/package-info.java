/**
 * The worker side of training on the network: a worker JVM ({@code WorkloadMain diloco-worker} or
 * {@code ddp-worker}) that checks in with the coordinator's round service, trains its assigned shard and
 * uploads signed Δs (or gradients) through a {@link dev.gridmint.workloads.worker.RoundTransport}. JDK only:
 * {@code java.net.http} and the JDK's Ed25519. See {@code docs/training.md}.
 */
package dev.gridmint.workloads.worker;
