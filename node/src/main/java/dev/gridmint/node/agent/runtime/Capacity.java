package dev.gridmint.node.agent.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What the provider lets one job have: its machine's size, the host directories a job may mount,
 * and the longest wall-clock limit it accepts.
 */
public record Capacity(long cpuMillis, long memoryBytes, long pidsMax, int gpuCount, long shmBytesMax,
        long wallClockSecondsMax, List<Path> allowedMountRoots) {

    public Capacity {
        allowedMountRoots = List.copyOf(allowedMountRoots);
    }
}
