/**
 * Built-in AI workloads that provider agents run as a child JVM via
 * {@link dev.gridmint.workloads.WorkloadMain}. The module uses the JDK only (no third-party libraries at
 * runtime) so the child process starts fast from a small classpath, and its results are reproducible to
 * the bit for verification.
 */
package dev.gridmint.workloads;
