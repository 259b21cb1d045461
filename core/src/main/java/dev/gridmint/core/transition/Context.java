package dev.gridmint.core.transition;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.tx.SignedTx;

/** What every rule needs: the state with the signer's nonce already taken, the network, and who signed. */
record Context(LedgerState state, NetworkConfig network, Address signer, SignedTx tx) {

    NetworkParams params() {
        return network.params();
    }

    boolean signedByCoordinator() {
        return signer.equals(network.coordinator());
    }

    long now() {
        return state.now();
    }
}
