package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/** Who holds how much of which partner token: the key of the partner balances; ordered by token, then owner. */
public record PartnerHolding(String token, Address owner) implements Comparable<PartnerHolding> {

    @Override
    public int compareTo(PartnerHolding other) {
        int byToken = token.compareTo(other.token);
        return byToken != 0 ? byToken : owner.compareTo(other.owner);
    }

    @Override
    public String toString() {
        return token + "/" + owner;
    }
}
