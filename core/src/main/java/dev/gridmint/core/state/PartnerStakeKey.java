package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Hash;

/** One delegation's share of one partner pool: ordered by pool, then delegation. */
public record PartnerStakeKey(Hash pool, DelegationKey delegation) implements Comparable<PartnerStakeKey> {

    @Override
    public int compareTo(PartnerStakeKey other) {
        int byPool = pool.compareTo(other.pool);
        return byPool != 0 ? byPool : delegation.compareTo(other.delegation);
    }

    @Override
    public String toString() {
        return pool.hex() + "/" + delegation;
    }
}
