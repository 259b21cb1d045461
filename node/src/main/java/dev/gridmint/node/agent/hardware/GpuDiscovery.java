package dev.gridmint.node.agent.hardware;

/** What looking for GPUs found: an inventory, no GPU at all, or a driver that is there but broken. */
public sealed interface GpuDiscovery {

    /** The GPUs found. */
    record Found(GpuInventory inventory) implements GpuDiscovery {}

    /** No GPU: the tool is not installed, or it lists no device. Not an error: the machine offers its CPU. */
    record Absent(String reason) implements GpuDiscovery {}

    /**
     * The tool ran and failed, or said something that cannot be read. The owner must hear about it:
     * offering the box as a CPU would hide a GPU they meant to rent out.
     */
    record Broken(String code, String message) implements GpuDiscovery {}
}
