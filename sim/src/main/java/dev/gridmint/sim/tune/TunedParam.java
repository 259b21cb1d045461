package dev.gridmint.sim.tune;

import dev.gridmint.sim.config.EconomyParams;
import java.math.BigDecimal;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One governance parameter the tuner searches: its name (the one {@code gridmint params propose --set} and a
 * genesis parameter file use), its bounds, and how to read it from and write it into an {@link EconomyParams}.
 * Values are the ledger's own integers (bps, micro-GRID); the optimiser works on a unit interval that maps onto
 * the bounds, linearly or on a log scale, and every point it proposes is rounded to a multiple of {@code step}.
 *
 * @param name the parameter's governance name, such as {@code credits.spreadBps}
 * @param unit how the value is written and shown
 * @param lower the least value searched
 * @param upper the greatest value searched
 * @param step the grid values are rounded to (1 bps; 1 GRID for stake units)
 * @param logScale whether the unit interval maps onto the bounds logarithmically (for a quantity whose effect is
 *     proportional, such as a stake unit spanning two orders of magnitude)
 * @param get reads the value
 * @param set returns the parameters with the value replaced; the core records check its range
 */
public record TunedParam(String name, Unit unit, long lower, long upper, long step, boolean logScale,
        Function<EconomyParams, Long> get, BiFunction<EconomyParams, Long, EconomyParams> set) {

    /** How a value is written in a parameter file and shown in a table. */
    public enum Unit {
        /** Basis points, written as a whole number. */
        BPS,
        /** Micro-GRID, written as GRID with up to six decimals (as {@code --set} parses it). */
        GRID
    }

    public TunedParam {
        if (lower > upper || step < 1 || (logScale && lower <= 0)) {
            throw new IllegalArgumentException(name + ": bounds must be ordered, the step positive and a log scale above 0");
        }
    }

    /** The value at {@code u} in [0, 1] (clamped), rounded to the step and kept within the bounds. */
    public long fromUnit(double u) {
        double t = Math.clamp(u, 0.0, 1.0);
        double raw = logScale ? Math.exp(Math.log(lower) + t * (Math.log(upper) - Math.log(lower))) : lower + t * (upper - lower);
        long rounded = Math.round(raw / step) * step;
        return Math.clamp(rounded, lower, upper);
    }

    /** Where {@code value} sits in [0, 1] (clamped to the bounds). */
    public double toUnit(long value) {
        if (upper == lower) {
            return 0;
        }
        double v = Math.clamp(value, lower, upper);
        return logScale ? (Math.log(v) - Math.log(lower)) / (Math.log(upper) - Math.log(lower))
                : (v - lower) / (double) (upper - lower);
    }

    /** The value as a parameter file and {@code --set} write it: bps whole, GRID in whole units with decimals. */
    public String fileValue(long value) {
        return switch (unit) {
            case BPS -> Long.toString(value);
            case GRID -> BigDecimal.valueOf(value, 6).stripTrailingZeros().toPlainString();
        };
    }

    /** The value for a table: with its unit. */
    public String show(long value) {
        return fileValue(value) + switch (unit) {
            case BPS -> " bps";
            case GRID -> " GRID";
        };
    }
}
