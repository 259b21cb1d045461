package dev.gridmint.core.state;

import java.math.BigInteger;

/** The money arithmetic of a lease, exact, with every rounding in the protocol's favour. */
public final class Pricing {

    private static final BigInteger MILLIS_PER_HOUR = BigInteger.valueOf(3_600_000L);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private Pricing() {}

    /** What {@code devices} devices cost for {@code usageMillis} at a per device-hour price, rounded up. */
    public static long charge(long pricePerDeviceHour, int devices, long usageMillis) {
        BigInteger numerator = BigInteger.valueOf(pricePerDeviceHour)
                .multiply(BigInteger.valueOf(devices))
                .multiply(BigInteger.valueOf(usageMillis));
        return ceilDiv(numerator, MILLIS_PER_HOUR).longValueExact();
    }

    /**
     * What a lease has earned after {@code seconds} at a per device-hour price, rounded down: the
     * provider is the payee, so rounding goes against it, and billing the running total (not each
     * period) keeps the dust from piling up.
     */
    public static long leaseCharge(long pricePerDeviceHour, int devices, long seconds) {
        return BigInteger.valueOf(pricePerDeviceHour)
                .multiply(BigInteger.valueOf(devices))
                .multiply(BigInteger.valueOf(seconds))
                .divide(BigInteger.valueOf(3_600))
                .longValueExact();
    }

    /** The protocol's fee on a charge, rounded up, so rounding dust goes to the treasury. */
    public static long fee(long charge, int feeBps) {
        return ceilDiv(BigInteger.valueOf(charge).multiply(BigInteger.valueOf(feeBps)), BPS).longValueExact();
    }

    private static BigInteger ceilDiv(BigInteger numerator, BigInteger denominator) {
        BigInteger[] quotientAndRemainder = numerator.divideAndRemainder(denominator);
        return quotientAndRemainder[1].signum() == 0 ? quotientAndRemainder[0] : quotientAndRemainder[0].add(BigInteger.ONE);
    }
}
