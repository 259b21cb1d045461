package dev.gridmint.core.state;

/**
 * How a finished job's escrow was divided, in micro-CC: {@code charged + refunded} is every
 * credit deposited, and {@code providerPaid + fee == charged}.
 *
 * @param charged billed over all its leases
 * @param unsettled billed time the escrow could not cover when it ran dry (zero unless overdrawn)
 */
public record Settlement(long charged, long providerPaid, long fee, long refunded, long unsettled) {}
