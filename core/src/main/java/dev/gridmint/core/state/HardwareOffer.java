package dev.gridmint.core.state;

import static dev.gridmint.core.state.Checks.positive;
import static dev.gridmint.core.state.Checks.label;

/**
 * The hardware a provider puts on the market and its price.
 *
 * @param deviceModel for example {@code NVIDIA H100 80GB HBM3}, or the CPU's name for the cpu class
 * @param deviceCount GPUs on the node; a CPU node counts as one device
 * @param deviceMemoryMb memory per device (VRAM), 0 for the cpu class
 * @param pricePerDeviceHour micro-CC per device per hour (1 CC = 1 USD)
 */
public record HardwareOffer(
        DeviceClass deviceClass,
        String deviceModel,
        int deviceCount,
        long deviceMemoryMb,
        int cpuCores,
        long memoryMb,
        String region,
        long pricePerDeviceHour) {

    public static final int MAX_DEVICES = 1024;

    public HardwareOffer {
        label(deviceModel, "device model", Limits.MAX_LABEL_BYTES);
        label(region, "region", Limits.MAX_LABEL_BYTES);
        positive(deviceCount, "device count");
        if (deviceCount > MAX_DEVICES) {
            throw new IllegalArgumentException("device count must be at most " + MAX_DEVICES);
        }
        if (deviceMemoryMb < 0) {
            throw new IllegalArgumentException("device memory must not be negative");
        }
        positive(cpuCores, "cpu cores");
        positive(memoryMb, "memory");
        positive(pricePerDeviceHour, "price per device-hour");
        if (pricePerDeviceHour > Limits.MAX_PRICE_PER_DEVICE_HOUR) {
            throw new IllegalArgumentException("price per device-hour must be at most " + Limits.MAX_PRICE_PER_DEVICE_HOUR);
        }
    }
}
