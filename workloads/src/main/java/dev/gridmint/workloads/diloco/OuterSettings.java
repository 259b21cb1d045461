package dev.gridmint.workloads.diloco;

import java.util.Objects;

/**
 * The aggregator's side of a DiLoCo run.
 *
 * @param seed       the run's seed, recorded in every manifest (workers derive their data from it)
 * @param shards     how many data shards the training set is cut into
 * @param innerSteps H: inner steps per round; a shard's data cursor in round r is {@code r · H}
 * @param encoding   how Δs and outer updates travel
 * @param quorum     the fewest accepted Δs for a round to be applied
 */
public record OuterSettings(long seed, int shards, int innerSteps, Encoding encoding, double learningRate,
        double momentum, int quorum, DeltaCheck check) {

    public OuterSettings {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(check, "check");
        if (shards < 1 || innerSteps < 1 || quorum < 1 || quorum > shards) {
            throw new IllegalArgumentException("need shards >= 1, innerSteps >= 1 and 1 <= quorum <= shards");
        }
    }

    /** The default outer optimizer: lr 0.5, Nesterov momentum 0.8 ({@link NesterovOuter} says why). */
    public static OuterSettings defaults(long seed, int shards, int innerSteps, Encoding encoding, int quorum,
            DeltaCheck check) {
        return new OuterSettings(seed, shards, innerSteps, encoding, NesterovOuter.DEFAULT_LR,
                NesterovOuter.DEFAULT_MOMENTUM, quorum, check);
    }
}
