package dev.gridmint.core.transition;

import dev.gridmint.core.state.LedgerState;

/** The outcome of applying one transaction: a new state, or a refusal that leaves the old one as it was. */
public sealed interface ApplyResult {

    record Applied(LedgerState state) implements ApplyResult {}

    record Rejected(TxError error, String message) implements ApplyResult {}

    static ApplyResult reject(TxError error, String message) {
        return new Rejected(error, message);
    }
}
