package dev.gridmint.market.sdl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SDL's quantities, parsed exactly: CPU in millicores ("0.5", "500m", "2"), sizes in bytes
 * ("512Mi", "1Gi", "8GB", "1000000"). Empty when the text is not one.
 */
final class Quantities {

    static final long GIB = 1L << 30;

    private static final Pattern CPU = Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)|(\\d{1,9})m");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s?([KMGTP]i|[kKMGTP]B?|)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("k", 1_000L), Map.entry("K", 1_000L), Map.entry("kB", 1_000L), Map.entry("KB", 1_000L),
            Map.entry("M", 1_000_000L), Map.entry("MB", 1_000_000L),
            Map.entry("G", 1_000_000_000L), Map.entry("GB", 1_000_000_000L),
            Map.entry("T", 1_000_000_000_000L), Map.entry("TB", 1_000_000_000_000L),
            Map.entry("P", 1_000_000_000_000_000L), Map.entry("PB", 1_000_000_000_000_000L),
            Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", GIB),
            Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50));

    private Quantities() {}

    /** Millicores: "0.5" and "500m" are 500. */
    static Optional<Long> cpuMillis(String text) {
        Matcher m = CPU.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) != null) {
            return Optional.of(new BigDecimal(m.group(1)).movePointRight(3).longValueExact());
        }
        return Optional.of(Long.parseLong(m.group(2)));
    }

    /** Bytes, rounded up to a whole byte; empty when malformed or above 2^62. */
    static Optional<Long> bytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2))))
                .setScale(0, RoundingMode.CEILING);
        return bytes.compareTo(BigDecimal.valueOf(1L << 62)) > 0 ? Optional.empty() : Optional.of(bytes.longValueExact());
    }

    /** Whole GiB, rounded up: a minimum is never made smaller than asked. */
    static int gibCeil(long bytes) {
        return Math.toIntExact((bytes + GIB - 1) / GIB);
    }

    /** A non-negative decimal such as an SDL price amount ("1000", "0.25"), up to 18 digits and 18 decimals. */
    static Optional<BigDecimal> decimal(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,18}(\\.\\d{1,18})?")) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(t));
    }

    /** A whole number in {@code [min, max]}. */
    static Optional<Integer> integer(String text, int min, int max) {
        String t = text.strip();
        if (!t.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        int value = Integer.parseInt(t);
        return value < min || value > max ? Optional.empty() : Optional.of(value);
    }
}
