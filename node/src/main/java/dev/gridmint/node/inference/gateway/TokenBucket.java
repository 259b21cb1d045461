package dev.gridmint.node.inference.gateway;

/**
 * A rate limit: up to {@code capacity} requests at once, refilled at {@code perSecond}. Time is passed
 * in (nanoseconds from any fixed origin), so the bucket reads no clock.
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - last) * perNano);
        last = Math.max(last, nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
