package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Reputation;

/**
 * A checker's verdict in the open round.
 *
 * @param score 0..{@value Reputation#MAX}: {@value Reputation#MAX} passed, 0 a proven fault
 * @param evidence the hash of what the checker observed, for disputes off the ledger
 */
public record Verdict(int score, Hash evidence) {

    public Verdict {
        requireScore(score);
    }

    /** Refuses a score outside 0..{@value Reputation#MAX}. */
    public static void requireScore(int score) {
        if (score < 0 || score > Reputation.MAX) {
            throw new IllegalArgumentException("a verdict score is 0.." + Reputation.MAX + ", got " + score);
        }
    }
}
