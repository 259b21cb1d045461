package dev.gridmint.core.params;

import java.math.BigInteger;
import java.util.List;

/**
 * Stake requirements and unbonding.
 *
 * @param gpuStakeUnit micro-GRID a provider stakes per GPU of the largest class (L13)
 * @param cpuStakeUnit micro-GRID a provider stakes for a CPU node
 * @param minCheckerStake micro-GRID a checker must have bonded, its own and delegated, to be audited and paid
 * @param delegationCommissionBps share of delegators' rewards paid to the checker operator (L14: 4%)
 * @param unbondingSeconds how long unbonding stake stays locked and slashable (L18: 28 days)
 * @param gpuClasses the GPU classes by memory, ascending, the first from 0 MB: a GPU stakes the share of
 *     {@code gpuStakeUnit} of the largest class its memory reaches
 */
public record StakingParams(
        long gpuStakeUnit, long cpuStakeUnit, long minCheckerStake, int delegationCommissionBps, long unbondingSeconds,
        List<GpuStakeClass> gpuClasses) {

    public static final int MAX_GPU_CLASSES = 16;

    /** Under 24 GB (consumer cards) a quarter of the unit, under 64 GB half, from 64 GB (H100, MI300) all of it. */
    public static final List<GpuStakeClass> DEFAULT_GPU_CLASSES = List.of(
            new GpuStakeClass(0, 2_500), new GpuStakeClass(24 * 1024, 5_000), new GpuStakeClass(64 * 1024, 10_000));

    public static final StakingParams DEFAULTS =
            new StakingParams(1_000L * 1_000_000L, 100L * 1_000_000L, 10_000L * 1_000_000L, 400, 28L * 24 * 3600);

    public StakingParams {
        Bounds.range(gpuStakeUnit, 0, Long.MAX_VALUE / 2048, "GPU stake unit");
        Bounds.range(cpuStakeUnit, 0, Long.MAX_VALUE / 2048, "CPU stake unit");
        Bounds.range(minCheckerStake, 0, Long.MAX_VALUE / 4, "minimum checker stake");
        Bounds.bps(delegationCommissionBps, "delegation commission");
        Bounds.range(unbondingSeconds, 0, 4L * 365 * 24 * 3600, "unbonding period");
        gpuClasses = List.copyOf(gpuClasses);
        Bounds.range(gpuClasses.size(), 1, MAX_GPU_CLASSES, "GPU class count");
        if (gpuClasses.getFirst().minMemoryMb() != 0) {
            throw new IllegalArgumentException("the first GPU class starts at 0 MB");
        }
        for (int i = 1; i < gpuClasses.size(); i++) {
            if (gpuClasses.get(i).minMemoryMb() <= gpuClasses.get(i - 1).minMemoryMb()) {
                throw new IllegalArgumentException("GPU classes must be in ascending order of memory");
            }
        }
    }

    /** With the default GPU classes. */
    public StakingParams(long gpuStakeUnit, long cpuStakeUnit, long minCheckerStake, int delegationCommissionBps,
            long unbondingSeconds) {
        this(gpuStakeUnit, cpuStakeUnit, minCheckerStake, delegationCommissionBps, unbondingSeconds, DEFAULT_GPU_CLASSES);
    }

    /** The stake one GPU with this much memory needs, rounded up. */
    public long gpuUnitFor(long memoryMb) {
        GpuStakeClass chosen = gpuClasses.getFirst();
        for (GpuStakeClass gpuClass : gpuClasses) {
            if (memoryMb >= gpuClass.minMemoryMb()) {
                chosen = gpuClass;
            }
        }
        return BigInteger.valueOf(gpuStakeUnit).multiply(BigInteger.valueOf(chosen.unitBps()))
                .add(BigInteger.valueOf(Bounds.BPS - 1)).divide(BigInteger.valueOf(Bounds.BPS)).longValueExact();
    }
}
