package dev.gridmint.verify.spotcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveReplicationTest {

    private final Address provider = Keypair.generate(new SplittableRandom(3)).address();
    private final Hash seed = Seeds.derive("audit", Seeds.longBytes(1));
    private final AdaptiveReplication.Params params = AdaptiveReplication.Params.DEFAULT;

    @Test
    void aNewProviderIsCheckedOnEveryJobUntilTrusted() {
        var replication = new AdaptiveReplication(params);
        for (long job = 0; job < params.trustAfter(); job++) {
            assertThat(replication.shouldCheck(provider, seed, job)).isTrue();
            replication.record(provider, true);
        }
        assertThat(replication.rate(provider)).isEqualTo(1.0);
        replication.record(provider, true);
        assertThat(replication.rate(provider)).isLessThan(1.0);
    }

    @Test
    void theRateFallsToTheFloorAndStaysThere() {
        assertThat(params.rate(params.trustAfter() + params.decay())).isEqualTo(0.5);
        double previous = 1;
        for (int streak = params.trustAfter(); streak < 5_000; streak++) {
            assertThat(params.rate(streak)).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(params.floor());
            previous = params.rate(streak);
        }
        assertThat(params.rate(5_000)).isEqualTo(params.floor());
    }

    @Test
    void aFailureResetsTheRecord() {
        var replication = new AdaptiveReplication(params);
        for (int i = 0; i < 500; i++) {
            replication.record(provider, true);
        }
        assertThat(replication.rate(provider)).isLessThan(0.05);
        replication.record(provider, false);
        assertThat(replication.streak(provider)).isZero();
        assertThat(replication.rate(provider)).isEqualTo(1.0);
    }

    @Test
    void theDrawIsRecomputableAndMatchesTheRate() {
        var replication = new AdaptiveReplication(params);
        for (int i = 0; i < 2_000; i++) {
            replication.record(provider, true);
        }
        int checked = 0;
        for (long job = 0; job < 20_000; job++) {
            boolean draw = replication.shouldCheck(provider, seed, job);
            assertThat(replication.shouldCheck(provider, seed, job)).isEqualTo(draw);
            checked += draw ? 1 : 0;
        }
        // 2% of 20,000 is 400, binomial sd 20.
        assertThat(checked).isBetween(320, 480);
    }

    @Test
    void theDefaultsCatchATenPercentCheaterWithin200JobsAt99Percent() {
        double survive = 1;
        for (int job = 0; job < 200; job++) {
            survive *= 1 - 0.1 * params.rate(job);
        }
        assertThat(1 - survive).isGreaterThan(0.99);
    }
}
