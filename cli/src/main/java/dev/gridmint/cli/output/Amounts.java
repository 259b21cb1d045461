package dev.gridmint.cli.output;

import java.math.BigDecimal;

/** Shows micro-GRID as GRID with six decimals, exactly; no floating point touches an amount. */
public final class Amounts {

    private Amounts() {}

    public static String grid(long micro) {
        return BigDecimal.valueOf(micro, 6).toPlainString() + " GRID";
    }

    /** Parses "12.5" GRID into micro-GRID, refusing more than six decimals. */
    public static long parseGrid(String text) {
        try {
            return new BigDecimal(text.strip()).movePointRight(6).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of GRID with at most 6 decimals: " + text);
        }
    }
}
