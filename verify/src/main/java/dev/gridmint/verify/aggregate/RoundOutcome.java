package dev.gridmint.verify.aggregate;

import dev.gridmint.core.crypto.Address;
import java.util.List;

/**
 * The result of one round for one provider: the stake-weighted consensus score, each checker's
 * clipped score (what its bonds and dividends count), the checkers outvoted (whose reward is cut),
 * the provider's new reputation and the slash decision.
 */
public record RoundOutcome(Address provider, int consensus, List<CheckerScore> clipped, List<Address> outvoted, int reputation,
                           SlashDecision decision) {

    public RoundOutcome {
        clipped = List.copyOf(clipped);
        outvoted = List.copyOf(outvoted);
    }
}
