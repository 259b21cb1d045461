package dev.gridmint.cli.output;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Human forms of basis points, collateral ratios and ledger times; exact, no floating point. */
public final class Formats {

    private Formats() {}

    /** 250 bps as "2.50%". */
    public static String percent(long bps) {
        return BigDecimal.valueOf(bps, 2).toPlainString() + "%";
    }

    /** A vault collateral ratio in bps: -1 when there is none to show, {@link Long#MAX_VALUE} when unbounded. */
    public static String collateralRatio(long bps) {
        if (bps < 0) {
            return "n/a (no credits outstanding or no fresh price)";
        }
        return bps == Long.MAX_VALUE ? "unbounded" : percent(bps);
    }

    /** An oracle price, or a clear note when there is no fresh one. */
    public static String price(long microUsdPerGrid) {
        return microUsdPerGrid == 0 ? "none (no fresh oracle price)" : Amounts.price(microUsdPerGrid);
    }

    /** Unix seconds of ledger time as an ISO instant with the seconds, e.g. "1767225600 (2026-01-01T00:00:00Z)". */
    public static String time(long unixSeconds) {
        return unixSeconds + " (" + Instant.ofEpochSecond(unixSeconds) + ")";
    }

    /** A length of time such as "28d", "1d 2h", "90s". */
    public static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        Duration d = Duration.ofSeconds(seconds);
        StringBuilder out = new StringBuilder();
        if (d.toDaysPart() > 0) {
            out.append(d.toDaysPart()).append("d ");
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append("h ");
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append("m ");
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append("s ");
        }
        return out.toString().strip();
    }
}
