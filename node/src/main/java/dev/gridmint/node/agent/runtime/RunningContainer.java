package dev.gridmint.node.agent.runtime;

/** A job container found in the engine by its labels. */
public record RunningContainer(String containerId, String jobId, String leaseId, boolean running) {}
