package dev.gridmint.market.offer;

/** How the GPUs of one node talk to each other. NVLink satisfies a PCIe requirement, not the reverse. */
public enum Interconnect {
    PCIE,
    NVLINK;

    public boolean satisfies(Interconnect required) {
        return compareTo(required) >= 0;
    }
}
