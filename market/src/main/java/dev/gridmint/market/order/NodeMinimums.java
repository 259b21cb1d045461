package dev.gridmint.market.order;

import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.Interconnect;

/** The least a node must have besides its GPUs. Zero means no requirement. */
public record NodeMinimums(Interconnect interconnect, int cpuCores, int ramGb, int diskGb, int bandwidthMbps) {

    public static final NodeMinimums NONE = new NodeMinimums(Interconnect.PCIE, 0, 0, 0, 0);

    public NodeMinimums {
        if (interconnect == null || cpuCores < 0 || ramGb < 0 || diskGb < 0 || bandwidthMbps < 0) {
            throw new IllegalArgumentException("node minimums need an interconnect and non-negative sizes");
        }
    }

    public boolean metBy(Hardware hardware) {
        return hardware.interconnect().satisfies(interconnect)
                && hardware.cpuCores() >= cpuCores
                && hardware.ramGb() >= ramGb
                && hardware.diskGb() >= diskGb
                && hardware.bandwidthMbps() >= bandwidthMbps;
    }
}
