package dev.gridmint.node.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LeaseView;
import dev.gridmint.verify.spotcheck.AdaptiveReplication;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotCheckTest {

    private static final Hash JOB = Hash.sha256("job".getBytes(StandardCharsets.UTF_8));
    private static final Hash GOOD = Hash.sha256("model".getBytes(StandardCharsets.UTF_8));
    private static final Hash BAD = Hash.sha256("faked".getBytes(StandardCharsets.UTF_8));
    private static final Hash OTHER = Hash.sha256("flaky".getBytes(StandardCharsets.UTF_8));
    private static final Address PROVIDER = Keypair.fromSeed(filled(1)).address();
    private static final Address CHECKER = Keypair.fromSeed(filled(2)).address();

    private static byte[] filled(int value) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) value);
        return seed;
    }

    private static JobView job(String status, String workload, String resultHash, boolean leased) {
        LeaseView lease = leased ? new LeaseView(PROVIDER.toString(), 1, 1, 1, 1, 2, 1) : null;
        return new JobView(JOB.hex(), CHECKER.toString(), status, workload, List.of("--steps", "20"), 1, 60, 1, 1, 1, 1, 1, lease, 1,
                resultHash, null, 1, null, 1, List.of());
    }

    @Test
    void onlyFinishedDeterministicJobsWithAResultAreEligible() {
        assertThat(SpotCheck.eligible(job("COMPLETED", "train-names", GOOD.hex(), true))).isTrue();
        assertThat(SpotCheck.eligible(job("SETTLED", "train-names", GOOD.hex(), true))).isTrue();
        assertThat(SpotCheck.eligible(job("RUNNING", "train-names", null, true))).isFalse();
        assertThat(SpotCheck.eligible(job("SETTLED", "train-names", null, true))).isFalse();
        assertThat(SpotCheck.eligible(job("SETTLED", "something-else", GOOD.hex(), true))).isFalse();
        assertThat(SpotCheck.eligible(job("SETTLED", "train-names", GOOD.hex(), false))).isFalse();
    }

    @Test
    void theSeedDependsOnTheCheckersSelectionAndANewProviderIsAlwaysChecked() {
        Hash epochSeed = Hash.sha256(new byte[] {1});
        assertThat(SpotCheck.seed(epochSeed, new byte[] {1})).isNotEqualTo(SpotCheck.seed(epochSeed, new byte[] {2}));
        assertThat(SpotCheck.seed(epochSeed, new byte[] {1})).isEqualTo(SpotCheck.seed(epochSeed, new byte[] {1}));
        var replication = new AdaptiveReplication(AdaptiveReplication.Params.DEFAULT);
        assertThat(replication.shouldCheck(PROVIDER, SpotCheck.seed(epochSeed, new byte[] {1}), SpotCheck.draw(JOB))).isTrue();
    }

    @Test
    void aMatchingRerunIsValidAndTheComparisonIsExact() {
        assertThat(SpotCheck.matches(GOOD, GOOD)).isTrue();
        byte[] flipped = GOOD.bytes().clone();
        flipped[31] ^= 1;
        assertThat(SpotCheck.matches(GOOD, new Hash(flipped))).isFalse();
    }

    @Test
    void twoAgreeingRunsAgainstTheClaimProveAWrongResult() {
        var finding = SpotCheck.referee(JOB, PROVIDER, CHECKER, BAD, GOOD, GOOD);
        assertThat(finding).isEqualTo(new SpotCheck.Finding.Invalid(GOOD, SpotCheck.evidence(JOB, BAD, GOOD)));
        assertThat(SpotCheck.evidence(JOB, BAD, GOOD)).isEqualTo(Hash.sha256(JOB.bytes(), BAD.bytes(), GOOD.bytes()));
    }

    @Test
    void aSecondRunThatMatchesTheClaimOrDisagreesWithTheFirstProvesNothing() {
        assertThat(SpotCheck.referee(JOB, PROVIDER, CHECKER, GOOD, OTHER, GOOD)).isInstanceOf(SpotCheck.Finding.Unproven.class);
        assertThat(SpotCheck.referee(JOB, PROVIDER, CHECKER, BAD, GOOD, OTHER)).isInstanceOf(SpotCheck.Finding.Unproven.class);
    }
}
