package dev.gridmint.market.offer;

import dev.gridmint.core.state.GpuModel;

/**
 * One node's hardware, as measured by the provider agent and checked by the verification layer.
 * Sizes are whole units so that an offer stays a handful of ints.
 *
 * @param gpuCount GPUs on the node; at most {@link #MAX_GPUS} so one {@code long} holds the node's allocation mask
 * @param bandwidthMbps measured network bandwidth
 */
public record Hardware(GpuModel gpu, int gpuCount, Interconnect interconnect, int cpuCores, int ramGb, int diskGb,
                       int bandwidthMbps) {

    public static final int MAX_GPUS = 64;

    public Hardware {
        if (gpu == null || interconnect == null) {
            throw new IllegalArgumentException("hardware needs a GPU model and an interconnect");
        }
        if (gpuCount < 1 || gpuCount > MAX_GPUS) {
            throw new IllegalArgumentException("a node offers 1.." + MAX_GPUS + " GPUs, got " + gpuCount);
        }
        if (cpuCores < 1 || ramGb < 1 || diskGb < 0 || bandwidthMbps < 0) {
            throw new IllegalArgumentException("cpu cores and RAM must be positive, disk and bandwidth not negative");
        }
    }
}
