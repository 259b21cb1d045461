package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/** Who delegated to which checker; ordered by checker, then delegator. */
public record DelegationKey(Address checker, Address delegator) implements Comparable<DelegationKey> {

    @Override
    public int compareTo(DelegationKey other) {
        int byChecker = checker.compareTo(other.checker);
        return byChecker != 0 ? byChecker : delegator.compareTo(other.delegator);
    }

    @Override
    public String toString() {
        return checker + "/" + delegator;
    }
}
