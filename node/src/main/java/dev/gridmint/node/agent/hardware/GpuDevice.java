package dev.gridmint.node.agent.hardware;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One physical GPU as its driver reports it. The UUID is the identity that matters: it is burnt into
 * the board, so the same UUID under two provider keys means one GPU is being offered twice.
 *
 * @param pciBusId     where it sits, e.g. {@code 00000000:18:00.0} (empty when the tool does not say)
 * @param utilization  percent busy, when the driver reports it (not while MIG is on)
 * @param temperatureC degrees Celsius, when reported
 * @param migInstances the MIG slices carved out of it; empty when MIG is off or unsupported
 */
public record GpuDevice(Vendor vendor, int index, String uuid, String name, long memoryMb, String pciBusId,
        OptionalInt utilization, OptionalInt temperatureC, boolean migEnabled, List<MigInstance> migInstances) {

    public enum Vendor { NVIDIA, AMD }

    public GpuDevice {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pciBusId, "pciBusId");
        Objects.requireNonNull(utilization, "utilization");
        Objects.requireNonNull(temperatureC, "temperatureC");
        migInstances = List.copyOf(migInstances);
        if (index < 0 || memoryMb <= 0) {
            throw new IllegalArgumentException("a GPU has a non-negative index and some memory: " + index + ", " + memoryMb + " MB");
        }
        if (uuid.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("a GPU has a UUID and a name");
        }
    }

    public GpuDevice withMigInstances(List<MigInstance> instances) {
        return new GpuDevice(vendor, index, uuid, name, memoryMb, pciBusId, utilization, temperatureC, migEnabled, instances);
    }

    /** A MIG slice: its profile (e.g. {@code 3g.20gb}), its device number within the GPU, and its own UUID. */
    public record MigInstance(String profile, int device, String uuid) {}
}
