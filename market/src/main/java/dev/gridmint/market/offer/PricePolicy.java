package dev.gridmint.market.offer;

import java.util.Map;
import java.util.Optional;

/**
 * An owner's price rule, Akash's pricing script done as configuration: a floor per GPU model, in
 * micro-CC per GPU-hour, raised as the node fills up. With {@code fullSurchargePermille = 500} the
 * last free GPU of a node costs 1.5 times the floor; an idle node asks the floor.
 *
 * <p>Prices come out of integer arithmetic and round up, so the owner never gets less than the rule says.
 */
public record PricePolicy(Map<String, Long> floorByModel, int fullSurchargePermille) {

    public static final long MAX_PRICE = 1_000_000_000L;

    public PricePolicy {
        floorByModel = Map.copyOf(floorByModel);
        floorByModel.forEach((model, floor) -> {
            if (floor <= 0 || floor > MAX_PRICE) {
                throw new IllegalArgumentException("the floor for " + model + " must be 1.." + MAX_PRICE + " micro-CC");
            }
        });
        if (fullSurchargePermille < 0 || fullSurchargePermille > 1000) {
            throw new IllegalArgumentException("the surcharge at full use is 0..1000 permille");
        }
    }

    public static PricePolicy flat(String model, long floor) {
        return new PricePolicy(Map.of(model, floor), 0);
    }

    public Optional<Long> floor(String model) {
        return Optional.ofNullable(floorByModel.get(model));
    }

    /** The price of the next GPU on a node that has {@code used} of its {@code total} GPUs leased. */
    public long price(String model, int used, int total) {
        return priceAt(floorByModel.get(model), used, total);
    }

    /** As {@link #price}, for a floor already looked up. */
    public long priceAt(long floor, int used, int total) {
        long numerator = Math.multiplyExact(floor, 1000L * total + (long) fullSurchargePermille * used);
        long denominator = 1000L * total;
        long price = Math.ceilDiv(numerator, denominator);
        return Math.min(price, MAX_PRICE);
    }
}
