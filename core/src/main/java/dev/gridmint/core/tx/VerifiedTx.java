package dev.gridmint.core.tx;

import java.util.Optional;

/**
 * A transaction whose signature has been checked. The only way to get one is {@link #verify},
 * which checks it, so holding a {@code VerifiedTx} is proof that the check passed; the state
 * transition then trusts it ({@code StateTransition.applyVerified}). Checks are pure and
 * independent of state, so the node runs them on many threads ahead of its single writer.
 * {@link SignedTx} is immutable, so the proof cannot go stale.
 */
public final class VerifiedTx {

    private final SignedTx tx;

    private VerifiedTx(SignedTx tx) {
        this.tx = tx;
    }

    /** The verified transaction, or empty when its signature does not match it and its signer. */
    public static Optional<VerifiedTx> verify(SignedTx tx) {
        return tx.hasValidSignature() ? Optional.of(new VerifiedTx(tx)) : Optional.empty();
    }

    /**
     * Signs a transaction with this process's own key and holds it as verified: a signature made here
     * with the signer's own key is valid by construction, so checking it again (as a writer signing
     * its own transactions by the thousand would) is pure waste.
     */
    public static VerifiedTx sign(dev.gridmint.core.crypto.Keypair keypair, String networkId, long nonce, TxPayload payload) {
        return new VerifiedTx(SignedTx.sign(keypair, networkId, nonce, payload));
    }

    public SignedTx tx() {
        return tx;
    }

    @Override
    public String toString() {
        return "Verified" + tx;
    }
}
