package dev.gridmint.verify.sybil;

import dev.gridmint.core.crypto.Address;
import java.util.List;

/** A cluster of identities judged to be one operator, and the signals that linked them. */
public record SybilFlag(List<Address> identities, List<Signal> evidence) {

    public SybilFlag {
        identities = List.copyOf(identities);
        evidence = List.copyOf(evidence);
    }
}
