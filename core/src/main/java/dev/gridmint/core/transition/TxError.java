package dev.gridmint.core.transition;

/**
 * Why a transaction was refused. The names are the stable error codes that clients see;
 * never rename one.
 */
public enum TxError {
    MALFORMED,
    BAD_SIGNATURE,
    WRONG_NETWORK,
    NO_GENESIS,
    GENESIS_ALREADY_APPLIED,
    BAD_NONCE,
    UNAUTHORIZED,
    INVALID_AMOUNT,
    INSUFFICIENT_FUNDS,
    SUPPLY_OVERFLOW,
    UNKNOWN_PROVIDER,
    UNKNOWN_JOB,
    INVALID_JOB_STATE,
    NOT_LEASE_HOLDER,
    ESCROW_TOO_LOW,
    OFFER_MISMATCH,
    INVALID_USAGE
}
