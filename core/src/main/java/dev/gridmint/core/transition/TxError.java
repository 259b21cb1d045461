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
    INVALID_USAGE,
    CLOCK_BACKWARDS,
    NOT_AN_ORACLE,
    STALE_REPORT,
    PRICE_UNAVAILABLE,
    CIRCUIT_BREAKER,
    SLIPPAGE,
    NOTHING_TO_CLAIM,
    PROVIDER_HALTED,
    UNKNOWN_CHECKER,
    ALREADY_REGISTERED,
    STAKE_TOO_LOW,
    UNKNOWN_UNBONDING,
    STILL_UNBONDING,
    EPOCH_NOT_OVER,
    NOT_COUNCIL,
    UNKNOWN_PROPOSAL,
    PROPOSAL_CLOSED,
    ALREADY_APPROVED,
    UNKNOWN_TOKEN,
    POOL_LIMIT,
    WRONG_ROUND,
    DUPLICATE_VERDICT,
    SELF_VERDICT,
    NOT_A_PROVIDER,
    NOT_AN_AUCTION,
    PRICE_ABOVE_MAX,
    REPUTATION_TOO_LOW,
    BATCH_OUT_OF_ORDER,
    /** A gang's seats were not filled exactly: every vacant seat, once, and only those; or a gang was leased like a plain job. */
    GANG_MISMATCH,
    /** The provider has not enough devices left for what it is asked to run. */
    CAPACITY_EXCEEDED
}
