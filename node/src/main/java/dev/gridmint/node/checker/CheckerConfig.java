package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.challenge.ChallengePolicy;
import java.time.Duration;
import java.util.List;

/**
 * How a checker runs: its key, the coordinator it audits through, the stake it bonds to itself,
 * how often it audits and how many providers each time, and the challenge policy (the default in
 * production; the devnet and the tests scale device throughput down so CPU challenges stay small),
 * whether it spot-checks finished jobs by re-executing them (on by default), and where it re-executes
 * them: on another provider, drawn at random, or in its own child JVM; and the DiLoCo sessions whose
 * rejected Δs it judges (see {@link DeltaAudit}).
 */
public record CheckerConfig(String coordinatorUrl, Keypair key, long stake, Duration interval, int targets, ChallengePolicy policy,
        boolean spotChecks, Rerun rerun, List<String> trainingSessions) {

    /** Where a spot check's first re-execution runs; a disputed result is always re-run locally once more. */
    public enum Rerun {
        /** In the checker's own child JVM. */
        LOCAL,
        /** On another provider the checker picks at random from the bids of an auction it opens (see {@link NetworkRerun}). */
        NETWORK
    }

    public CheckerConfig(String coordinatorUrl, Keypair key, long stake, Duration interval, int targets, ChallengePolicy policy,
            boolean spotChecks, Rerun rerun) {
        this(coordinatorUrl, key, stake, interval, targets, policy, spotChecks, rerun, List.of());
    }

    public CheckerConfig(String coordinatorUrl, Keypair key, long stake, Duration interval, int targets, ChallengePolicy policy,
            boolean spotChecks) {
        this(coordinatorUrl, key, stake, interval, targets, policy, spotChecks, Rerun.LOCAL);
    }

    /** The same, also judging the rejected Δs of these DiLoCo sessions (base URLs {@code http://host:port/v1/training/<id>}). */
    public CheckerConfig withTrainingSessions(List<String> sessions) {
        return new CheckerConfig(coordinatorUrl, key, stake, interval, targets, policy, spotChecks, rerun, sessions);
    }

    /** The capacity schedule: every provider audited is checked again each 15 minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

    /** With spot checks on. */
    public CheckerConfig(String coordinatorUrl, Keypair key, long stake, Duration interval, int targets, ChallengePolicy policy) {
        this(coordinatorUrl, key, stake, interval, targets, policy, true);
    }

    public CheckerConfig {
        trainingSessions = List.copyOf(trainingSessions);
        if (stake < 0 || targets < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the stake must not be negative, targets and the interval must be positive");
        }
    }
}
