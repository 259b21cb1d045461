package dev.gridmint.sim.engine;

import java.util.List;

/**
 * What the simulator's ledger did in one epoch, in the ledger's units, for replaying it as real
 * transactions: the oracle price, the tenant's credit purchase, each provider's lease and its
 * payments, and the epoch close.
 *
 * @param price micro-USD per GRID, reported at the epoch's start and used all epoch
 * @param servicePrice micro-CC per GPU-hour of every offer
 * @param busySeconds how long every provider's GPUs were leased this epoch
 * @param creditsMinted micro-CC the tenant bought, and {@code gridBurned} what it paid into the vault
 */
public record EpochTrace(long epoch, long price, long servicePrice, long busySeconds, long creditsMinted, long gridBurned,
        List<ProviderTrace> providers, long treasuryGrid, long scheduled, long released, long work, long availability,
        long fromVault, long vaultAfter, long creditsOutstandingAfter) {

    /** One provider: its GPUs and stake, what it billed, what it was paid for it, and its reward. */
    public record ProviderTrace(int gpus, long stake, long billed, long settlementGrid, long reward) {}

    public EpochTrace {
        providers = List.copyOf(providers);
    }
}
