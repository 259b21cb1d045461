package dev.gridmint.core.params;

import dev.gridmint.core.economics.Reputation;

/**
 * How checkers' verdicts become consensus, reputation and slashes at each epoch close. Scores are
 * 0..{@value Reputation#MAX}: {@value Reputation#MAX} passed, 0 a proven fault.
 *
 * @param kappaBps the share of voting stake that must back a score for it to be the consensus (½: the stake-weighted median)
 * @param reputationAlphaBps how far one epoch's consensus moves a provider's reputation
 * @param fraudThreshold a consensus below it slashes the provider: for fraud on a challenge or spot check,
 *     for an undeclared outage on a capacity or liveness check
 * @param outvoteTolerance a checker further than this from the consensus is outvoted and earns no checker reward that epoch
 * @param lieThreshold a checker further than this from the consensus, in a round with a quorum, is proven to lie
 * @param lieQuorum how many checkers must have judged a provider for a lie to be proven
 * @param lieSlashBps the share of a lying operator's own delegation that is burned
 */
public record VerificationParams(int kappaBps, int reputationAlphaBps, int fraudThreshold, int outvoteTolerance,
        int lieThreshold, int lieQuorum, int lieSlashBps) {

    public static final int MAX_QUORUM = 1_000;

    public static final VerificationParams DEFAULTS = new VerificationParams(5_000, 2_000, 200, 300, 700, 3, 1_000);

    public VerificationParams {
        Bounds.bps(kappaBps, "verdict consensus kappa");
        Bounds.bps(reputationAlphaBps, "reputation alpha");
        Bounds.range(fraudThreshold, 0, Reputation.MAX, "fraud threshold");
        Bounds.range(outvoteTolerance, 0, Reputation.MAX, "outvote tolerance");
        // A lie is an outvote by a wider margin: a liar is never still paid.
        Bounds.range(lieThreshold, outvoteTolerance, Reputation.MAX, "lie threshold");
        Bounds.range(lieQuorum, 1, MAX_QUORUM, "lie quorum");
        Bounds.bps(lieSlashBps, "lie slash");
    }

    public VerificationParams withKappaBps(int value) {
        return new VerificationParams(value, reputationAlphaBps, fraudThreshold, outvoteTolerance, lieThreshold, lieQuorum,
                lieSlashBps);
    }

    public VerificationParams withReputationAlphaBps(int value) {
        return new VerificationParams(kappaBps, value, fraudThreshold, outvoteTolerance, lieThreshold, lieQuorum, lieSlashBps);
    }

    public VerificationParams withFraudThreshold(int value) {
        return new VerificationParams(kappaBps, reputationAlphaBps, value, outvoteTolerance, lieThreshold, lieQuorum,
                lieSlashBps);
    }

    public VerificationParams withOutvoteTolerance(int value) {
        return new VerificationParams(kappaBps, reputationAlphaBps, fraudThreshold, value, lieThreshold, lieQuorum, lieSlashBps);
    }

    public VerificationParams withLieThreshold(int value) {
        return new VerificationParams(kappaBps, reputationAlphaBps, fraudThreshold, outvoteTolerance, value, lieQuorum,
                lieSlashBps);
    }

    public VerificationParams withLieQuorum(int value) {
        return new VerificationParams(kappaBps, reputationAlphaBps, fraudThreshold, outvoteTolerance, lieThreshold, value,
                lieSlashBps);
    }

    public VerificationParams withLieSlashBps(int value) {
        return new VerificationParams(kappaBps, reputationAlphaBps, fraudThreshold, outvoteTolerance, lieThreshold, lieQuorum,
                value);
    }
}
