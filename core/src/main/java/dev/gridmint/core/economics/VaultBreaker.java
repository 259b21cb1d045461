package dev.gridmint.core.economics;

/**
 * The state of the burn-and-mint vault's circuit breaker, from its collateral ratio: minting
 * carries on while {@link #OK}, is flagged at {@link #WARN}, and stops at {@link #HALT} so that an
 * undercollateralised vault cannot be drained further.
 */
public enum VaultBreaker {
    OK,
    WARN,
    HALT
}
