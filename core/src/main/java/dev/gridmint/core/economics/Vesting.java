package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.nonNegative;

/**
 * Linear vesting with a cliff: nothing before the cliff (so a grantee who leaves early gets
 * nothing), then the linear amount from {@code start}, all of it at the end. Rounded down so no
 * more than {@code total} is ever released and the amount never decreases.
 */
public final class Vesting {

    private Vesting() {}

    /**
     * The amount of {@code total} vested at {@code now}: 0 before {@code start + cliffSeconds};
     * {@code total} when {@code durationSeconds == 0} or {@code now >= start + durationSeconds};
     * otherwise {@code floor(total * (now - start) / durationSeconds)}. The cliff must not be
     * longer than a non-zero duration, or the schedule would jump straight from 0 to total.
     */
    public static long vested(long total, long start, long cliffSeconds, long durationSeconds, long now) {
        nonNegative(total, "total");
        nonNegative(start, "start");
        nonNegative(cliffSeconds, "cliffSeconds");
        nonNegative(durationSeconds, "durationSeconds");
        nonNegative(now, "now");
        if (durationSeconds != 0 && cliffSeconds > durationSeconds) {
            throw new IllegalArgumentException("cliffSeconds " + cliffSeconds + " > durationSeconds " + durationSeconds);
        }
        if (now < Math.addExact(start, cliffSeconds)) {
            return 0;
        }
        if (durationSeconds == 0 || now >= Math.addExact(start, durationSeconds)) {
            return total;
        }
        return big(total).multiply(big(now - start)).divide(big(durationSeconds)).longValueExact();
    }
}
