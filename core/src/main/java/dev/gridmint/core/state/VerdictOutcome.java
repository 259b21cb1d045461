package dev.gridmint.core.state;

import dev.gridmint.core.economics.Reputation;

/**
 * What the last closed epoch's verdicts on one subject came to, kept for explorers until the next close.
 *
 * @param consensus the stake-weighted consensus score, 0..{@value Reputation#MAX}
 * @param slashed micro-GRID taken from the provider for it; 0 when the consensus passed it
 */
public record VerdictOutcome(int consensus, long slashed) {

    public VerdictOutcome {
        Verdict.requireScore(consensus);
        Checks.nonNegative(slashed, "slashed amount");
    }
}
