package dev.gridmint.core.params;

/**
 * A class of GPU for staking (L13, Aethir's K value per GPU spec): a GPU with at least
 * {@code minMemoryMb} of memory stakes {@code unitBps} of the GPU stake unit, so a consumer card
 * does not lock up what a data-centre accelerator must.
 */
public record GpuStakeClass(long minMemoryMb, int unitBps) {

    public GpuStakeClass {
        Bounds.range(minMemoryMb, 0, 16L * 1024 * 1024, "GPU class memory");
        Bounds.range(unitBps, 1, Bounds.BPS, "GPU class share of the stake unit");
    }
}
