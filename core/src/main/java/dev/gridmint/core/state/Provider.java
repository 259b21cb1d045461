package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/** A registered provider and its current offer; liveness is not ledger state and lives in the coordinator. */
public record Provider(Address address, HardwareOffer offer, long registeredAtHeight) {}
