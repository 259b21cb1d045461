package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.VerdictKind;

/**
 * One verdict a checker reached and submitted: on which provider, of what kind, the score, why
 * (the challenge verdict or the coordinator's refusal), and whether the ledger took it ({@code
 * refusal} names its error code when not).
 */
public record CheckerVerdict(long round, Address provider, VerdictKind kind, int score, String reason, String evidence,
        String refusal) {

    public boolean accepted() {
        return refusal == null;
    }
}
