package dev.gridmint.node.inference.gateway;

/**
 * How a coordinator's gateway checks and hedges, as its operator sets them ({@code gridmint coordinator
 * --spot-check-fraction F --hedge auto|off|MS}).
 *
 * @param spotCheckFraction the share of eligible answers re-run on another provider, in [0, 1]
 * @param hedging what a plain request without an {@value Hedging#HEADER} header gets
 */
public record GatewaySettings(double spotCheckFraction, Hedging hedging) {

    public GatewaySettings {
        if (!(spotCheckFraction >= 0 && spotCheckFraction <= 1)) {
            throw new IllegalArgumentException("the spot-check fraction is in [0, 1], got " + spotCheckFraction);
        }
    }

    /** The fraction from {@link SpotChecker#FRACTION_PROPERTY} or the environment (else 5%), and hedging at each route's p95. */
    public static GatewaySettings defaults() {
        return new GatewaySettings(SpotChecker.configuredFraction(), Hedging.DEFAULT);
    }

    public GatewaySettings withSpotCheckFraction(double fraction) {
        return new GatewaySettings(fraction, hedging);
    }

    public GatewaySettings withHedging(Hedging policy) {
        return new GatewaySettings(spotCheckFraction, policy);
    }
}
