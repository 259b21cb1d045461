package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.nonNegative;
import static dev.gridmint.core.economics.Arith.positive;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The GRID price the ledger uses, from reporters' observations. A median, because one dishonest
 * or broken reporter cannot move it; fresh reports only, because a stale price lets buyers mint
 * credits at yesterday's rate; and outliers are dropped before the final median so that a
 * reporter far off the consensus does not count toward the quorum. No price (empty) rather than a
 * doubtful one: callers must halt conversions when the oracle is empty.
 */
public final class PriceOracle {

    /** One reporter's price (micro-USD per GRID) and when it was observed (seconds). */
    public record Observation(long price, long observedAt) {
        public Observation {
            positive(price, "price");
            nonNegative(observedAt, "observedAt");
        }
    }

    private PriceOracle() {}

    /**
     * The oracle price at {@code now}: the reports no older than {@code maxAgeSeconds} and not
     * from the future; empty if fewer than {@code minReports}; then those within {@code
     * maxDeviationBps} of their median; empty if fewer than {@code minReports} survive; else the
     * survivors' median. An even count takes the floor of the mean of the two middle values.
     */
    public static OptionalLong price(List<Observation> reports, long now, long maxAgeSeconds, int maxDeviationBps,
            int minReports) {
        Objects.requireNonNull(reports, "reports");
        nonNegative(now, "now");
        nonNegative(maxAgeSeconds, "maxAgeSeconds");
        nonNegative(maxDeviationBps, "maxDeviationBps");
        positive(minReports, "minReports");
        List<Long> fresh = new ArrayList<>();
        for (Observation report : reports) {
            Objects.requireNonNull(report, "report");
            if (report.observedAt() <= now && now - report.observedAt() <= maxAgeSeconds) {
                fresh.add(report.price());
            }
        }
        if (fresh.size() < minReports) {
            return OptionalLong.empty();
        }
        long median = median(fresh);
        List<Long> survivors = new ArrayList<>();
        for (long price : fresh) {
            long distance = Math.abs(price - median); // both positive: no overflow
            if (big(distance).multiply(big(10_000)).compareTo(big(maxDeviationBps).multiply(big(median))) <= 0) {
                survivors.add(price);
            }
        }
        if (survivors.size() < minReports) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(median(survivors));
    }

    /** The median of a non-empty list of positive prices; floor of the middle pair's mean. */
    static long median(List<Long> prices) {
        long[] sorted = prices.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        if (n % 2 == 1) {
            return sorted[n / 2];
        }
        long a = sorted[n / 2 - 1];
        long b = sorted[n / 2];
        return (a & b) + ((a ^ b) >>> 1); // floor((a + b) / 2) without overflow, for a, b >= 0
    }
}
