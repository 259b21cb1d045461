package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/**
 * A job's current holder.
 *
 * @param attempt counts leases of the job from 1, so a receipt for an old lease can never touch a new one
 * @param pricePerDeviceHour the provider's price when the lease was made; later offers do not change it
 */
public record Lease(Address provider, int attempt, long pricePerDeviceHour, long assignedAtHeight) {}
