package dev.gridmint.core.state;

/**
 * How a job's escrow was divided. {@code providerPaid + fee + refunded} equals the escrow.
 *
 * @param charged what the usage cost, at most the escrow
 */
public record Settlement(long charged, long providerPaid, long fee, long refunded) {}
