package dev.gridmint.verify.spotcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RefereeRoundTest {

    private final SplittableRandom random = new SplittableRandom(5);
    private final Address original = Keypair.generate(random).address();
    private final Address rerunner = Keypair.generate(random).address();
    private final float[] truth = {1.5f, -2.25f, 3.125f, 0.5f};
    private final float[] noisy = {1.5000001f, -2.2500002f, 3.1250002f, 0.5f};
    private final float[] garbage = {7f, 7f, 7f, 7f};
    private final RefereeRound round = new RefereeRound(1, new OutputComparison.Tolerance(1e-5, 1e-4));

    private RefereeRound.RefereeRun run(float[] output) {
        return new RefereeRound.RefereeRun(Keypair.generate(random).address(), output);
    }

    @Test
    void theMajorityFaultsTheLazyOriginal() {
        var dispute = new RefereeRound.Dispute(original, garbage, rerunner, truth);
        assertThat(round.decide(dispute, List.of(run(noisy), run(truth), run(garbage.clone()))))
                .isInstanceOfSatisfying(RefereeRound.Decision.OriginalAtFault.class, fault -> {
                    assertThat(fault.evidence().atFault()).isEqualTo(original);
                    assertThat(fault.evidence().majority()).hasSize(2);
                });
    }

    @Test
    void theMajorityFaultsALazyRerunAndVindicatesTheOriginal() {
        var dispute = new RefereeRound.Dispute(original, noisy, rerunner, garbage);
        assertThat(round.decide(dispute, List.of(run(truth), run(truth), run(truth))))
                .isInstanceOfSatisfying(RefereeRound.Decision.RerunAtFault.class,
                        fault -> assertThat(fault.evidence().vindicated()).isEqualTo(original));
    }

    @Test
    void withoutAMajorityNobodyIsAtFault() {
        var dispute = new RefereeRound.Dispute(original, noisy, rerunner, garbage);
        float[] otherGarbage = {-3f, 0f, 9f, 1f};
        assertThat(round.decide(dispute, List.of(run(truth), run(otherGarbage), run(otherGarbage))))
                .isEqualTo(new RefereeRound.Decision.Inconclusive(1, 0));
    }

    @Test
    void comparisonsTellNoiseFromGarbage() {
        assertThat(new OutputComparison.Exact().compare(truth, truth.clone()).agrees()).isTrue();
        assertThat(new OutputComparison.Exact().compare(truth, noisy).agrees()).isFalse();
        assertThat(new OutputComparison.Tolerance(1e-5, 1e-4).compare(truth, noisy).agrees()).isTrue();
        assertThat(new OutputComparison.Tolerance(1e-5, 1e-4).compare(truth, garbage).agrees()).isFalse();
        float[] logits = new float[64];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        float[] close = logits.clone();
        close[0] += 1e-4f;
        float[] shuffled = new float[64];
        for (int i = 0; i < 64; i++) {
            shuffled[i] = logits[63 - i];
        }
        var fingerprint = new OutputComparison.Fingerprint(8, 7, 1e-3);
        assertThat(fingerprint.compare(logits, close).agrees()).isTrue();
        assertThat(fingerprint.compare(logits, shuffled).agrees()).isFalse();
    }
}
