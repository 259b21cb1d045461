package dev.gridmint.core.state;

/**
 * Governance parameters, fixed at genesis in this version.
 *
 * @param protocolFeeBps share of every settled charge that goes to the treasury, in basis points
 * @param maxJobAttempts leases a job may lose before it fails and is refunded in full
 */
public record NetworkParams(int protocolFeeBps, int maxJobAttempts) {

    public static final NetworkParams DEFAULTS = new NetworkParams(500, 3);

    public NetworkParams {
        if (protocolFeeBps < 0 || protocolFeeBps > 10_000) {
            throw new IllegalArgumentException("protocol fee must be 0..10000 bps, got " + protocolFeeBps);
        }
        if (maxJobAttempts < 1 || maxJobAttempts > 100) {
            throw new IllegalArgumentException("max job attempts must be 1..100, got " + maxJobAttempts);
        }
    }

    public NetworkParams withProtocolFeeBps(int feeBps) {
        return new NetworkParams(feeBps, maxJobAttempts);
    }

    public NetworkParams withMaxJobAttempts(int attempts) {
        return new NetworkParams(protocolFeeBps, attempts);
    }
}
