/**
 * How the provider agent runs a job: one {@link dev.gridmint.node.agent.runtime.ContainerRuntime}
 * interface with podman and docker adapters (both drive the engine's CLI) and a plain process runtime
 * for the built-in Java workloads; the job spec and its validation, the job's final status, and the
 * usage samples that metering sums into billable intervals.
 */
package dev.gridmint.node.agent.runtime;
