package dev.gridmint.market.offer;

/**
 * When a node may be leased, in seconds of the coordinator's clock: from {@code from} (inclusive)
 * until {@code until} (exclusive), or open-ended.
 */
public record Availability(long from, long until) {

    public static final long OPEN = Long.MAX_VALUE;
    public static final Availability ALWAYS = new Availability(0, OPEN);

    public Availability {
        if (from < 0 || until <= from) {
            throw new IllegalArgumentException("an availability window needs 0 <= from < until");
        }
    }

    public static Availability from(long from) {
        return new Availability(from, OPEN);
    }

    /** Whether the window holds the whole period [start, end); {@code end == OPEN} needs an open window. */
    public boolean covers(long start, long end) {
        return from <= start && end <= until;
    }

    public boolean isOpenAt(long time) {
        return from <= time && time < until;
    }
}
