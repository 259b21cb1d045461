package dev.gridmint.verify.challenge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Peak dense throughput per device model, from the vendors' data sheets (SXM parts for H100/H200,
 * fp16 with fp32 accumulation and without sparsity). Names match the market's catalog. GPUs get a
 * minimum efficiency of 25%: a tuned GEMM reaches 60–90% of peak, so an honest device clears the
 * floor with room for a shared host. "CPU" gets a generous 2 TFLOPS (a large AVX-512 server) so no
 * honest CPU looks implausible, and a 0.5% floor (10 GFLOPS), since a JVM kernel without BLAS reaches
 * about one percent of such a peak; CPU claims earn the lowest rates, so under-performing one gains nothing.
 */
public final class DeviceTable {

    private static final double GPU_EFFICIENCY = 0.25;

    public static final List<DeviceProfile> PROFILES = List.of(
            new DeviceProfile("H200-141GB", 67, 989, GPU_EFFICIENCY),
            new DeviceProfile("H100-80GB", 67, 989, GPU_EFFICIENCY),
            new DeviceProfile("A100-80GB", 19.5, 312, GPU_EFFICIENCY),
            new DeviceProfile("A100-40GB", 19.5, 312, GPU_EFFICIENCY),
            new DeviceProfile("L40S-48GB", 91.6, 362, GPU_EFFICIENCY),
            new DeviceProfile("RTX4090-24GB", 82.6, 165, GPU_EFFICIENCY),
            new DeviceProfile("RTX3090-24GB", 35.6, 71, GPU_EFFICIENCY),
            new DeviceProfile("A10-24GB", 31.2, 125, GPU_EFFICIENCY),
            new DeviceProfile("L4-24GB", 30.3, 121, GPU_EFFICIENCY),
            new DeviceProfile("V100-32GB", 15.7, 125, GPU_EFFICIENCY),
            new DeviceProfile("V100-16GB", 15.7, 125, GPU_EFFICIENCY),
            new DeviceProfile("T4-16GB", 8.1, 65, GPU_EFFICIENCY),
            new DeviceProfile("CPU", 2, 2, 0.005));

    private static final Map<String, DeviceProfile> BY_NAME = PROFILES.stream()
            .collect(Collectors.toUnmodifiableMap(p -> key(p.model()), Function.identity()));

    private DeviceTable() {}

    public static Optional<DeviceProfile> byModel(String model) {
        return Optional.ofNullable(BY_NAME.get(key(model)));
    }

    private static String key(String model) {
        return model.toLowerCase(Locale.ROOT);
    }
}
