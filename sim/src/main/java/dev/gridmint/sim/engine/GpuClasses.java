package dev.gridmint.sim.engine;

/**
 * The epoch's ledger amounts per GPU count. Every provider leases the same seconds at the same
 * price, so its bill, its settlement and its work and availability rewards depend on its GPU
 * count alone: core's rules are called once per count present (a few dozen) rather than once per
 * provider, and a provider's amounts are a lookup. The exceptions (a slash, a payout cut short by
 * the max supply) are handled per provider by the callers.
 */
final class GpuClasses {

    /** The GPU counts present this epoch, ascending; {@code present[0..size)}. */
    final int[] present = new int[Providers.MAX_GPUS];
    int size;
    final long[] billed = new long[Providers.MAX_GPUS + 1];
    final long[] settlement = new long[Providers.MAX_GPUS + 1];
    final long[] treasury = new long[Providers.MAX_GPUS + 1];
    long[] reward = new long[Providers.MAX_GPUS + 1];
    /** Last epoch's rewards, for the slash of an undeclared outage (a day's reward). */
    long[] previousReward = new long[Providers.MAX_GPUS + 1];

    /** Lists the counts with at least one provider. */
    void refresh(int[] perClass) {
        size = 0;
        for (int g = 1; g < perClass.length; g++) {
            if (perClass[g] > 0) {
                present[size++] = g;
            }
        }
    }

    /** Starts a new epoch's rewards, keeping the last epoch's. */
    void rollRewards() {
        long[] swap = previousReward;
        previousReward = reward;
        reward = swap;
    }
}
