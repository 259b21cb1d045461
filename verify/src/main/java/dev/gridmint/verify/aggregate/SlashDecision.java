package dev.gridmint.verify.aggregate;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.VerdictKind;

/** What the round asks the ledger to do to the provider's stake. */
public sealed interface SlashDecision {

    /** No slash. */
    record None() implements SlashDecision {}

    /** Proven fraud: a full stake unit. */
    record Fraud(Address provider, VerdictKind kind, int consensus) implements SlashDecision {}

    /** A failed liveness or capacity check: the outage share of a stake unit. */
    record Outage(Address provider, VerdictKind kind, int consensus) implements SlashDecision {}
}
