package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.nonNegative;

/**
 * Helium-style net emissions: the GRID burned for credits is re-minted to providers, smoothed
 * (the target is 6/7 of yesterday's target plus 1/7 of today's burn) so that a single large burn
 * cannot be turned into a same-day emission spike, and capped so that re-minting can never
 * exceed a fixed rate; whatever the cap withholds stays burned for good, which is what makes
 * heavy usage deflationary.
 */
public final class NetEmission {

    /** One epoch: the new smoothed {@code target}, the {@code net} re-mint, and the burn never re-minted. */
    public record Step(long target, long net, long permanentlyBurned) {}

    private NetEmission() {}

    /**
     * The next epoch: {@code target = floor((6 * previousTarget + burn) / 7)}, {@code net =
     * min(target, cap)}, {@code permanentlyBurned = max(burn - net, 0)}. The floor rounds re-minting
     * down, so a steady burn converges to a target up to 6 below it, never above.
     */
    public static Step next(long previousTarget, long burn, long cap) {
        nonNegative(previousTarget, "previousTarget");
        nonNegative(burn, "burn");
        nonNegative(cap, "cap");
        long target = big(previousTarget).multiply(big(6)).add(big(burn)).divide(big(7)).longValueExact();
        long net = Math.min(target, cap);
        return new Step(target, net, Math.max(burn - net, 0));
    }
}
