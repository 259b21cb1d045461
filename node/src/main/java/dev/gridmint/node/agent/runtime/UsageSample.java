package dev.gridmint.node.agent.runtime;

/**
 * One reading of a running job's counters. {@code cpuNanos}, {@code egressBytes} and
 * {@code oomKills} are cumulative since the container started (the engine's counters, so they
 * survive an agent restart); {@code memoryBytes} and {@code gpus} are what was in use at that moment.
 */
public record UsageSample(long atMillis, long cpuNanos, long memoryBytes, long egressBytes, int gpus, long oomKills) {}
