package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.NetworkParams;

/**
 * What genesis fixes about a network; only its parameters change later, by council proposal.
 *
 * @param coordinator the key that signs leases, settlements, clock ticks, epoch closes and verdicts
 */
public record NetworkConfig(String networkId, Address treasury, Address coordinator, NetworkParams params) {

    public NetworkConfig withParams(NetworkParams newParams) {
        return new NetworkConfig(networkId, treasury, coordinator, newParams);
    }
}
