package dev.gridmint.market.offer;

/**
 * A GPU model as the market trades it. Memory variants are distinct models ({@code A100-40GB} and
 * {@code A100-80GB}), so a tenant's "at least 48 GB of VRAM" resolves to a set of models.
 *
 * @param name short, stable name, for example {@code H100-80GB}
 * @param vramGb memory per GPU
 * @param tflops dense FP16/BF16 throughput per GPU, the figure tenants filter on
 */
public record GpuModel(String name, int vramGb, int tflops) {

    public GpuModel {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a GPU model needs a name of 1..64 characters");
        }
        if (vramGb <= 0 || tflops <= 0) {
            throw new IllegalArgumentException("VRAM and TFLOPS must be positive");
        }
    }
}
