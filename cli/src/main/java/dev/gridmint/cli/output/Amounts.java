package dev.gridmint.cli.output;

import java.math.BigDecimal;

/** Shows micro-GRID as GRID with six decimals, exactly; no floating point touches an amount. */
public final class Amounts {

    private Amounts() {}

    public static String grid(long micro) {
        return BigDecimal.valueOf(micro, 6).toPlainString() + " GRID";
    }

    /** Shows micro-CC as compute credits (1 CC = 1 USD) with six decimals. */
    public static String credits(long micro) {
        return BigDecimal.valueOf(micro, 6).toPlainString() + " CC";
    }

    /** Shows a price in micro-USD per GRID. */
    public static String price(long microUsdPerGrid) {
        return "$" + BigDecimal.valueOf(microUsdPerGrid, 6).toPlainString() + "/GRID";
    }

    /** Parses "12.5" CC (or USD) into micro units, refusing more than six decimals. */
    public static long parseCredits(String text) {
        return parseMicro(text, "CC");
    }

    /** Parses "12.5" GRID into micro-GRID, refusing more than six decimals. */
    public static long parseGrid(String text) {
        return parseMicro(text, "GRID");
    }

    private static long parseMicro(String text, String unit) {
        try {
            long micro = new BigDecimal(text.strip()).movePointRight(6).longValueExact();
            if (micro < 0) {
                throw new IllegalArgumentException("an amount of " + unit + " must not be negative: " + text);
            }
            return micro;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not an amount of " + unit + " with at most 6 decimals: " + text);
        }
    }
}
