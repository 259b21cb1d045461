package dev.gridmint.verify.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.VerdictKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerdictAggregatorTest {

    private final SplittableRandom random = new SplittableRandom(13);
    private final Address provider = Keypair.generate(random).address();
    private final List<Address> honest = IntStream.range(0, 7).mapToObj(i -> Keypair.generate(random).address()).toList();
    private final List<Address> colluders = IntStream.range(0, 3).mapToObj(i -> Keypair.generate(random).address()).toList();

    /** Seven honest checkers with 70% of the stake score {@code truth}; three colluders with 30% score {@code lie}. */
    private List<CheckerScore> votes(int truth, int lie) {
        List<CheckerScore> scores = new ArrayList<>();
        honest.forEach(c -> scores.add(new CheckerScore(c, 1_000, truth)));
        colluders.forEach(c -> scores.add(new CheckerScore(c, 1_000, lie)));
        return scores;
    }

    @Test
    void thirtyPercentOfColludingStakeCannotProtectACheater() {
        RoundOutcome outcome = VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.SPOT_CHECK, votes(0, 1_000), 800).orElseThrow();
        assertThat(outcome.consensus()).isZero();
        assertThat(outcome.decision()).isEqualTo(new SlashDecision.Fraud(provider, VerdictKind.SPOT_CHECK, 0));
        assertThat(outcome.outvoted()).containsExactlyInAnyOrderElementsOf(colluders);
        assertThat(outcome.clipped()).allMatch(score -> score.score() == 0);
        assertThat(outcome.reputation()).isEqualTo(Reputation.update(800, 0, VerificationParams.DEFAULTS.reputationAlphaBps()));
    }

    @Test
    void thirtyPercentOfColludingStakeCannotSmearAnHonestProvider() {
        RoundOutcome outcome = VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.CHALLENGE, votes(1_000, 0), 500).orElseThrow();
        assertThat(outcome.consensus()).isEqualTo(1_000);
        assertThat(outcome.decision()).isEqualTo(new SlashDecision.None());
        assertThat(outcome.outvoted()).containsExactlyInAnyOrderElementsOf(colluders);
        assertThat(outcome.reputation()).isGreaterThan(500);
    }

    @Test
    void noSplitOfThirtyPercentFlipsAnOutcome() {
        for (int lie = 0; lie <= 1_000; lie += 50) {
            assertThat(VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.SPOT_CHECK, votes(1_000, lie), 500).orElseThrow().decision())
                    .isEqualTo(new SlashDecision.None());
            assertThat(VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.SPOT_CHECK, votes(0, lie), 500).orElseThrow().decision())
                    .isInstanceOf(SlashDecision.Fraud.class);
        }
    }

    @Test
    void aFailedLivenessCheckIsAnOutageNotFraud() {
        assertThat(VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.LIVENESS, votes(0, 0), 500).orElseThrow().decision())
                .isEqualTo(new SlashDecision.Outage(provider, VerdictKind.LIVENESS, 0));
    }

    @Test
    void withoutStakeThereIsNoOutcome() {
        assertThat(VerdictAggregator.DEFAULT.aggregate(provider, VerdictKind.CHALLENGE, List.of(new CheckerScore(honest.getFirst(), 0, 0)), 500))
                .isEmpty();
    }
}
