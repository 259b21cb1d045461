package dev.gridmint.market.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The market price of each GPU model: a time-weighted median of matched prices per period
 * (an hour by default), with one history point kept for every period that saw a match.
 *
 * <p>Time-weighted: a matched price counts for as long as it stood as the latest match of its
 * model, that is until the next match at a later second (or the end of the period). The price
 * that stood when the period began counts from the period's start until its first match. Several
 * matches in the same second each count that whole time, so volume weighs in too. The median is
 * the lowest price at which the accumulated weight reaches half of the total. A period whose
 * matches all fell in its last instant has no time to weigh; its matches then count one each.
 *
 * <p>Times must not go backwards; the market passes the same clock to every call.
 */
public final class PriceIndex {

    /** One closed period of one model. */
    public record Point(String model, long periodStart, long periodEnd, long median, int matches) {}

    private final long periodSeconds;
    private final Map<String, Series> series = new HashMap<>();

    private static final class Series {
        long periodStart = -1;
        long carried = -1; // the price that stood when the current period began; -1 when none
        long[] times = new long[16];
        long[] prices = new long[16];
        int count;
        final List<Point> history = new ArrayList<>();
    }

    public PriceIndex(long periodSeconds) {
        if (periodSeconds <= 0) {
            throw new IllegalArgumentException("the index period is at least one second");
        }
        this.periodSeconds = periodSeconds;
    }

    public long periodSeconds() {
        return periodSeconds;
    }

    /** Records one matched price per GPU-hour of {@code model} at {@code time}. */
    public void record(String model, long price, long time) {
        Series s = series.computeIfAbsent(model, m -> new Series());
        if (s.count > 0 && time < s.times[s.count - 1]) {
            throw new IllegalArgumentException("the price index's clock went backwards");
        }
        roll(s, model, time);
        if (s.count == s.times.length) {
            s.times = Arrays.copyOf(s.times, s.count * 2);
            s.prices = Arrays.copyOf(s.prices, s.count * 2);
        }
        s.times[s.count] = time;
        s.prices[s.count] = price;
        s.count++;
    }

    /** The time-weighted median of {@code model} over the current period up to {@code now}, or the last closed one. */
    public Optional<Long> median(String model, long now) {
        Series s = series.get(model);
        if (s == null) {
            return Optional.empty();
        }
        roll(s, model, now);
        if (s.count > 0) {
            return Optional.of(weightedMedian(s, Math.max(now, s.times[s.count - 1])));
        }
        return s.carried < 0 ? Optional.empty() : Optional.of(s.carried);
    }

    /** The closed periods of {@code model}, oldest first, after closing any that ended by {@code now}. */
    public List<Point> history(String model, long now) {
        Series s = series.get(model);
        if (s == null) {
            return List.of();
        }
        roll(s, model, now);
        return List.copyOf(s.history);
    }

    /** Every model's current median, by name. */
    public Map<String, Long> snapshot(long now) {
        var out = new TreeMap<String, Long>();
        for (String model : List.copyOf(series.keySet())) {
            median(model, now).ifPresent(price -> out.put(model, price));
        }
        return out;
    }

    /** Closes the current period when {@code time} lies beyond it. */
    private void roll(Series s, String model, long time) {
        long start = Math.floorDiv(time, periodSeconds) * periodSeconds;
        if (s.periodStart == start) {
            return;
        }
        if (s.periodStart >= 0 && s.count > 0) {
            long end = s.periodStart + periodSeconds;
            s.history.add(new Point(model, s.periodStart, end, weightedMedian(s, end), s.count));
            s.carried = s.prices[s.count - 1];
        }
        s.count = 0;
        s.periodStart = start;
    }

    private long weightedMedian(Series s, long until) {
        int n = s.count;
        long[][] weighted = new long[n + 1][];
        int segments = 0;
        if (s.carried >= 0 && s.times[0] > s.periodStart) {
            weighted[segments++] = new long[] {s.carried, s.times[0] - s.periodStart};
        }
        long total = 0;
        int next = 0;
        for (int i = 0; i < n; i++) {
            while (next < n && s.times[next] <= s.times[i]) {
                next++;
            }
            long stood = (next < n ? s.times[next] : until) - s.times[i];
            weighted[segments++] = new long[] {s.prices[i], stood};
        }
        for (int i = 0; i < segments; i++) {
            total += weighted[i][1];
        }
        if (total == 0) {
            for (int i = 0; i < segments; i++) {
                weighted[i][1] = 1;
            }
            total = segments;
        }
        long[][] sorted = Arrays.copyOf(weighted, segments);
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long accumulated = 0;
        for (long[] segment : sorted) {
            accumulated += segment[1];
            if (2 * accumulated >= total) {
                return segment[0];
            }
        }
        return sorted[segments - 1][0];
    }
}
