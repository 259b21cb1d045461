package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.verify.challenge.ChallengeVerdict.BadOpening;
import dev.gridmint.verify.challenge.ChallengeVerdict.BadSignature;
import dev.gridmint.verify.challenge.ChallengeVerdict.ForeignChallenge;
import dev.gridmint.verify.challenge.ChallengeVerdict.Implausible;
import dev.gridmint.verify.challenge.ChallengeVerdict.MissedDeadline;
import dev.gridmint.verify.challenge.ChallengeVerdict.Passed;
import dev.gridmint.verify.challenge.ChallengeVerdict.Replayed;
import dev.gridmint.verify.challenge.ChallengeVerdict.WrongProduct;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The checker's judgement of a response. Cheap checks come first, and the replay guard records
 * an id only once the signature holds, so a forger cannot burn a provider's challenge. The
 * deadline is judged on {@code observedNanos}, the checker's own send-to-receive time; the
 * provider's signed compute time is used only for the achieved throughput, where under-reporting
 * it shows as faster than the model's peak.
 */
public final class ChallengeVerifier {

    private final ChallengePolicy policy;
    private final ReplayGuard replays;

    public ChallengeVerifier(ChallengePolicy policy, ReplayGuard replays) {
        this.policy = policy;
        this.replays = replays;
    }

    public ChallengeVerdict verify(Challenge challenge, ChallengeResponse response, long observedNanos) {
        if (!response.challengeId().equals(challenge.id()) || !response.provider().equals(challenge.provider())) {
            return new ForeignChallenge(challenge.id(), response.challengeId());
        }
        if (!Ed25519.verify(challenge.provider(), response.signingMessage(), response.signature())) {
            return new BadSignature();
        }
        if (!replays.admit(challenge.id())) {
            return new Replayed(challenge.id());
        }
        if (observedNanos > challenge.deadlineNanos()) {
            return new MissedDeadline(observedNanos, challenge.deadlineNanos());
        }
        return openingsProblem(challenge, response)
                .or(() -> wrongProduct(challenge, response.openings()))
                .orElseGet(() -> speed(challenge, response.elapsedNanos()));
    }

    private Optional<ChallengeVerdict> openingsProblem(Challenge challenge, ChallengeResponse response) {
        int[] expected = RowSampler.rows(challenge.seed(), response.root(), challenge.n(), policy.sampledRows());
        int[] opened = response.openings().stream().mapToInt(Opening::row).toArray();
        if (!Arrays.equals(expected, opened)) {
            return Optional.of(new BadOpening("opened rows " + Arrays.toString(opened) + ", the root selects " + Arrays.toString(expected)));
        }
        return response.openings().stream()
                .filter(opening -> !RowMerkle.verify(response.root(), challenge.n(), challenge.n(), opening))
                .findFirst()
                .map(opening -> new BadOpening("row " + opening.row() + " does not open under the committed root"));
    }

    private static Optional<ChallengeVerdict> wrongProduct(Challenge challenge, List<Opening> openings) {
        int[] rows = openings.stream().mapToInt(Opening::row).toArray();
        float[][] claimed = openings.stream().map(Opening::values).toArray(float[][]::new);
        return RowCheck.check(ChallengeMatrices.of(challenge), rows, claimed)
                .map(mismatch -> new WrongProduct(mismatch.row(), mismatch));
    }

    private ChallengeVerdict speed(Challenge challenge, long elapsedNanos) {
        DeviceProfile profile = DeviceTable.byModel(challenge.claimedModel())
                .orElseThrow(() -> new IllegalArgumentException("not a challenge this policy issued: " + challenge.claimedModel()));
        double peak = policy.peakFlopsPerSecond(profile, challenge.precision());
        double achieved = elapsedNanos <= 0 ? Double.POSITIVE_INFINITY : challenge.flops() / (elapsedNanos / 1e9);
        double unscale = 1e12 * policy.throughputScale();
        if (achieved > peak) {
            return new Implausible(achieved / unscale, peak / unscale);
        }
        return new Passed(achieved / unscale);
    }
}
