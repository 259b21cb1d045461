package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/**
 * What genesis fixes about a network.
 *
 * @param coordinator the key that signs leases and settlements
 */
public record NetworkConfig(String networkId, Address treasury, Address coordinator, NetworkParams params) {}
