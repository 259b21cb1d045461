package dev.gridmint.core.economics;

import java.math.BigInteger;

/** Exact helpers shared by the package, so that every class rounds and validates the same way. */
final class Arith {

    static final long MICRO = 1_000_000L;
    static final int BPS = 10_000;

    static final BigInteger MICRO_BIG = BigInteger.valueOf(MICRO);
    static final BigInteger BPS_BIG = BigInteger.valueOf(BPS);

    private Arith() {}

    static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /** Floor of {@code numerator / denominator} for a non-negative numerator and positive denominator. */
    static BigInteger floorDiv(BigInteger numerator, BigInteger denominator) {
        return numerator.divide(denominator);
    }

    /** Ceiling of {@code numerator / denominator} for a non-negative numerator and positive denominator. */
    static BigInteger ceilDiv(BigInteger numerator, BigInteger denominator) {
        BigInteger[] qr = numerator.divideAndRemainder(denominator);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /**
     * {@code floor(a * b / c)} as {@code BigInteger} would give it (truncated towards zero), for
     * {@code a, b >= 0}: in {@code long} arithmetic when {@code a * b} fits, which is every amount
     * the network sees in practice, else through {@code BigInteger}. The same result either way.
     */
    static long mulDiv(long a, long b, long c) {
        long product = a * b;
        if (Math.multiplyHigh(a, b) == 0 && product >= 0) {
            return product / c;
        }
        return big(a).multiply(big(b)).divide(big(c)).longValueExact();
    }

    /** {@code ceilDiv(a * b, c)} as {@link #ceilDiv} gives it, for {@code a, b >= 0}: in {@code long}s when {@code a * b} fits. */
    static long mulDivCeil(long a, long b, long c) {
        long product = a * b;
        if (Math.multiplyHigh(a, b) == 0 && product >= 0) {
            long quotient = product / c;
            return product % c == 0 ? quotient : quotient + 1;
        }
        return ceilDiv(big(a).multiply(big(b)), big(c)).longValueExact();
    }

    static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        return value;
    }

    /** A basis-point value in [0, 10,000]. */
    static int bps(int value, String name) {
        if (value < 0 || value > BPS) {
            throw new IllegalArgumentException(name + " must be in [0, 10000] bps: " + value);
        }
        return value;
    }
}
