package dev.gridmint.sim.tune;

import dev.gridmint.sim.config.EconomyParams;
import java.util.List;

/**
 * What a search found.
 *
 * @param space the parameters searched
 * @param start the economy the search started from (the defaults)
 * @param startValues the searched parameters' values there
 * @param startScore their score
 * @param tunedValues the best values found (the start's, when nothing beat it)
 * @param tunedScore their score, never below {@code startScore}
 * @param tuned the start economy with the tuned values
 * @param evaluations objective evaluations made, the start's included
 * @param distinct distinct candidates simulated (a candidate proposed twice is simulated once)
 */
public record TuneResult(SearchSpace space, EconomyParams start, List<Long> startValues, Score startScore,
        List<Long> tunedValues, Score tunedScore, EconomyParams tuned, int evaluations, int distinct) {

    public TuneResult {
        startValues = List.copyOf(startValues);
        tunedValues = List.copyOf(tunedValues);
    }
}
