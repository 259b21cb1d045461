package dev.gridmint.core.state;

/**
 * A device model as the market trades it and the ledger rates it. Memory variants are distinct models ({@code A100-40GB} and
 * {@code A100-80GB}), so a tenant's "at least 48 GB of VRAM" resolves to a set of models.
 *
 * <p>A machine without a GPU trades its processor as one device of the model {@link #CPU}: no VRAM
 * and no TFLOPS, so any VRAM or TFLOPS minimum leaves it out, while an order that names no model
 * (or names {@code CPU}) can still run on it. The built-in workloads are pure Java and run there.
 *
 * @param name short, stable name, for example {@code H100-80GB}
 * @param vramGb memory per GPU; 0 only for the CPU model
 * @param tflops dense FP16/BF16 throughput per GPU, the figure tenants filter on; 0 only for the CPU model
 */
public record GpuModel(String name, int vramGb, int tflops) {

    public static final GpuModel CPU = new GpuModel("CPU", 0, 0);

    public GpuModel {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a GPU model needs a name of 1..64 characters");
        }
        boolean cpu = vramGb == 0 && tflops == 0;
        if (!cpu && (vramGb <= 0 || tflops <= 0)) {
            throw new IllegalArgumentException("VRAM and TFLOPS must be positive (or both 0, for a CPU device)");
        }
    }

    public boolean isCpu() {
        return vramGb == 0 && tflops == 0;
    }
}
