package dev.gridmint.core.state;

import dev.gridmint.core.economics.Slashing.Offence;

/** What a checker verified about a provider; the ordinal is part of the transaction and state encodings. */
public enum VerdictKind {
    /** A proof-of-GPU challenge: the hardware is what the offer claims. */
    CHALLENGE,
    /** Work the provider did, re-executed: the result is what it reported. */
    SPOT_CHECK,
    /** The capacity the provider offers is there. */
    CAPACITY,
    /** The provider answers. */
    LIVENESS;

    /** What a failing consensus on this kind proves: a lie about hardware or results is fraud, absence an outage. */
    public Offence offence() {
        return switch (this) {
            case CHALLENGE, SPOT_CHECK -> Offence.FRAUD;
            case CAPACITY, LIVENESS -> Offence.UNDECLARED_OUTAGE;
        };
    }
}
