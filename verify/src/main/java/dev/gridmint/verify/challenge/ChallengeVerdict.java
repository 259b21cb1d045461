package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;

/** What a checker concluded from one response. Only {@link Passed} supports the claim. */
public sealed interface ChallengeVerdict {

    /** Right product, in time, at a believable speed. */
    record Passed(double achievedTflops) implements ChallengeVerdict {}

    /** A sampled row disagrees with the recomputation beyond the tolerance. */
    record WrongProduct(int row, Mismatch evidence) implements ChallengeVerdict {}

    /** The answer arrived after the deadline, by the checker's own clock. */
    record MissedDeadline(long elapsedNanos, long deadlineNanos) implements ChallengeVerdict {}

    /** The reported time means more than the claimed model's peak: a relay, a cache, or a lie about the time. */
    record Implausible(double achievedTflops, double peakTflops) implements ChallengeVerdict {}

    /** The opened rows are not the ones the root selects, or do not open under it. */
    record BadOpening(String reason) implements ChallengeVerdict {}

    /** The response answers another challenge, or comes from another provider. */
    record ForeignChallenge(Hash expected, Hash answered) implements ChallengeVerdict {}

    /** A response for this challenge was already accepted. */
    record Replayed(Hash challengeId) implements ChallengeVerdict {}

    /** The signature is not the challenged provider's over the response. */
    record BadSignature() implements ChallengeVerdict {}

    default boolean passed() {
        return this instanceof Passed;
    }
}
