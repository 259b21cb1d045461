package dev.gridmint.core.params;

/**
 * Stake requirements and unbonding.
 *
 * @param gpuStakeUnit micro-GRID a provider stakes per GPU (L13)
 * @param cpuStakeUnit micro-GRID a provider stakes for a CPU node
 * @param minCheckerStake micro-GRID a checker must have bonded, its own and delegated, to be audited and paid
 * @param delegationCommissionBps share of delegators' rewards paid to the checker operator (L14: 4%)
 * @param unbondingSeconds how long unbonding stake stays locked and slashable (L18: 28 days)
 */
public record StakingParams(
        long gpuStakeUnit, long cpuStakeUnit, long minCheckerStake, int delegationCommissionBps, long unbondingSeconds) {

    public static final StakingParams DEFAULTS =
            new StakingParams(1_000L * 1_000_000L, 100L * 1_000_000L, 10_000L * 1_000_000L, 400, 28L * 24 * 3600);

    public StakingParams {
        Bounds.range(gpuStakeUnit, 0, Long.MAX_VALUE / 2048, "GPU stake unit");
        Bounds.range(cpuStakeUnit, 0, Long.MAX_VALUE / 2048, "CPU stake unit");
        Bounds.range(minCheckerStake, 0, Long.MAX_VALUE / 4, "minimum checker stake");
        Bounds.bps(delegationCommissionBps, "delegation commission");
        Bounds.range(unbondingSeconds, 0, 4L * 365 * 24 * 3600, "unbonding period");
    }
}
