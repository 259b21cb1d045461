package dev.gridmint.node.agent.runtime;

/** Metered use over {@code [fromMillis, toMillis)}: what one usage receipt claims. */
public record UsageInterval(long fromMillis, long toMillis, long cpuMillis, long memoryMibMillis, long egressBytes,
        long gpuMillis) {

    public static UsageInterval empty(long atMillis) {
        return new UsageInterval(atMillis, atMillis, 0, 0, 0, 0);
    }

    public double cpuSeconds() {
        return cpuMillis / 1000.0;
    }

    public double memoryGbSeconds() {
        return memoryMibMillis / 1024.0 / 1000.0;
    }

    public double gpuSeconds() {
        return gpuMillis / 1000.0;
    }

    UsageInterval plus(UsageInterval later) {
        return new UsageInterval(Math.min(fromMillis, later.fromMillis), Math.max(toMillis, later.toMillis),
                Math.addExact(cpuMillis, later.cpuMillis), Math.addExact(memoryMibMillis, later.memoryMibMillis),
                Math.addExact(egressBytes, later.egressBytes), Math.addExact(gpuMillis, later.gpuMillis));
    }
}
