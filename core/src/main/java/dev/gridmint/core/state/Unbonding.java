package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;

/**
 * Stake on its way out: locked, and still slashable, until {@code releaseAt}.
 *
 * @param id the hash of the transaction that started it
 * @param owner who gets it back
 * @param source the provider, or the checker it was delegated to, whose faults it still answers for
 * @param fromProvider whether it was provider stake (else a delegation)
 */
public record Unbonding(Hash id, Address owner, Address source, boolean fromProvider, long amount, long releaseAt) {

    public Unbonding {
        Checks.positive(amount, "unbonding amount");
    }

    public Unbonding withAmount(long newAmount) {
        return new Unbonding(id, owner, source, fromProvider, newAmount, releaseAt);
    }
}
