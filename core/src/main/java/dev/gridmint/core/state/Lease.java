package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/**
 * A job's current holder and what it has been paid. Billing is lazy: whenever the job is touched,
 * the time since {@code startedAt} is priced and what was not billed yet is settled.
 *
 * @param attempt counts leases of the job from 1, so a receipt for an old lease can never touch a new one
 * @param pricePerDeviceHour micro-CC per device-hour when the lease was made; later offers do not change it
 * @param startedAt ledger time the lease began
 * @param settledAt ledger time up to which it is billed
 * @param billed micro-CC billed under this lease so far
 */
public record Lease(
        Address provider, int attempt, long pricePerDeviceHour, long assignedAtHeight, long startedAt, long settledAt,
        long billed) {

    public Lease {
        Checks.nonNegative(billed, "billed");
        if (settledAt < startedAt) {
            throw new IllegalArgumentException("a lease is settled from its start on");
        }
    }

    public static Lease started(Address provider, int attempt, long pricePerDeviceHour, long height, long now) {
        return new Lease(provider, attempt, pricePerDeviceHour, height, now, now, 0);
    }

    public Lease settledTo(long time, long totalBilled) {
        return new Lease(provider, attempt, pricePerDeviceHour, assignedAtHeight, startedAt, time, totalBilled);
    }
}
