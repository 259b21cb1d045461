package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.optim.AdamW;
import java.util.List;
import java.util.Objects;

/**
 * An in-process DiLoCo run: K workers, one shard each, {@code rounds} rounds of H inner steps.
 *
 * @param dropouts workers that crash mid-round and come back later
 * @param threads  the pool the workers of one round run on; the result does not depend on it
 */
public record DilocoConfig(long seed, int workers, int rounds, int innerSteps, Encoding encoding,
        AdamW.Settings inner, int quorum, DeltaCheck check, List<Dropout> dropouts, int threads) {

    /**
     * Worker {@code worker} is a member of round {@code fromRound} but never delivers its Δ (it died); it is
     * out of the rounds after, and joins again at the boundary before {@code untilRound}, downloading θ.
     */
    public record Dropout(int worker, long fromRound, long untilRound) {

        public Dropout {
            if (worker < 0 || fromRound < 0 || untilRound <= fromRound) {
                throw new IllegalArgumentException("need worker >= 0 and 0 <= fromRound < untilRound");
            }
        }

        boolean crashesIn(long round) {
            return round == fromRound;
        }

        boolean absentFrom(long round) {
            return round > fromRound && round < untilRound;
        }
    }

    public DilocoConfig {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(check, "check");
        dropouts = List.copyOf(dropouts);
        if (workers < 1 || rounds < 1 || innerSteps < 1 || threads < 1 || quorum < 1 || quorum > workers) {
            throw new IllegalArgumentException("workers, rounds, innerSteps, threads >= 1 and 1 <= quorum <= workers");
        }
        for (Dropout d : dropouts) {
            if (d.worker() >= workers) {
                throw new IllegalArgumentException("dropout of unknown worker " + d.worker());
            }
        }
    }

    /** The aggregator's settings for this run: one shard per worker and the default outer optimizer. */
    public OuterSettings outer() {
        return OuterSettings.defaults(seed, workers, innerSteps, encoding, quorum, check);
    }

    boolean isMember(int worker, long round) {
        return dropouts.stream().noneMatch(d -> d.worker() == worker && d.absentFrom(round));
    }

    boolean crashes(int worker, long round) {
        return dropouts.stream().anyMatch(d -> d.worker() == worker && d.crashesIn(round));
    }
}
