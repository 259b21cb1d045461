package dev.gridmint.node.agent.hardware;

import java.util.List;
import java.util.Objects;

/**
 * Every GPU one machine has, with the driver that runs them and how they are linked. A multi-GPU
 * job cares about the link: NVLink moves tensors between GPUs an order of magnitude faster than PCIe.
 *
 * @param cudaVersion the highest CUDA version the driver supports (empty when unknown or not NVIDIA)
 */
public record GpuInventory(String driverVersion, String cudaVersion, Interconnect interconnect, List<GpuDevice> gpus) {

    public enum Interconnect {
        /** At most one GPU: nothing to link. */
        NONE,
        PCIE,
        NVLINK
    }

    public GpuInventory {
        Objects.requireNonNull(driverVersion, "driverVersion");
        Objects.requireNonNull(cudaVersion, "cudaVersion");
        Objects.requireNonNull(interconnect, "interconnect");
        gpus = List.copyOf(gpus);
        if (gpus.isEmpty()) {
            throw new IllegalArgumentException("an inventory lists at least one GPU");
        }
    }

    /** The model most of the machine's GPUs are; a mixed box is offered as its first GPU's model. */
    public String model() {
        return gpus.getFirst().name();
    }

    public List<String> uuids() {
        return gpus.stream().map(GpuDevice::uuid).toList();
    }
}
