package dev.gridmint.verify.spotcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.spotcheck.InferenceCheck.Evidence;
import dev.gridmint.verify.spotcheck.InferenceCheck.Outcome;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import dev.gridmint.verify.spotcheck.InferenceCheck.Party;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InferenceCheckTest {

    private static final SplittableRandom KEYS = new SplittableRandom(11);
    private static final Address A = Keypair.generate(KEYS).address();
    private static final Address B = Keypair.generate(KEYS).address();
    private static final Address C = Keypair.generate(KEYS).address();
    private static final Hash SEED = Hash.sha256("seed".getBytes(StandardCharsets.UTF_8));
    private static final Hash REQUEST = Hash.sha256("request".getBytes(StandardCharsets.UTF_8));
    private static final Output EMMA = new Output.Texts(List.of("emma"));
    private static final Output QMMA = new Output.Texts(List.of("qmma"));

    @Test
    void theDrawIsAFunctionOfTheSeedAndTheRequestAtTheGivenFraction() {
        long drawn = IntStream.range(0, 20_000)
                .filter(i -> InferenceCheck.drawn(SEED, Hash.sha256(new byte[] {(byte) i, (byte) (i >> 8)}), 0.05)).count();
        assertThat(drawn).isBetween(800L, 1_200L);
        assertThat(InferenceCheck.drawn(SEED, REQUEST, 0.05)).isEqualTo(InferenceCheck.drawn(SEED, REQUEST, 0.05));
        assertThat(InferenceCheck.drawn(SEED, REQUEST, 0)).isFalse();
        assertThat(InferenceCheck.drawn(SEED, REQUEST, 1)).isTrue();
        assertThat(InferenceCheck.pick(SEED, REQUEST, "rerun", 3)).isBetween(0, 2).isEqualTo(InferenceCheck.pick(SEED, REQUEST, "rerun", 3));
    }

    @Test
    void textsCompareExactlyAndVectorsWithinTheirTolerance() {
        assertThat(InferenceCheck.agree(EMMA, new Output.Texts(List.of("emma")))).isTrue();
        assertThat(InferenceCheck.agree(EMMA, QMMA)).isFalse();
        assertThat(InferenceCheck.agree(EMMA, new Output.Texts(List.of("em", "ma")))).isFalse();
        float[] v = {0.1f, -0.25f, 0.5f};
        float[] noisy = {Math.nextUp(0.1f), -0.25f, Math.nextDown(0.5f)};
        float[] shifted = {0.11f, -0.24f, 0.51f};
        assertThat(InferenceCheck.agree(new Output.Vectors(List.of(v)), new Output.Vectors(List.of(noisy)))).isTrue();
        assertThat(InferenceCheck.agree(new Output.Vectors(List.of(v)), new Output.Vectors(List.of(shifted)))).isFalse();
        assertThat(InferenceCheck.agree(new Output.Vectors(List.of(v)), new Output.Vectors(List.of(v, v)))).isFalse();
    }

    @Test
    void theRefereeSidesWithTheOutputItReproduces() {
        Party a = new Party(A, QMMA.hash());
        Party b = new Party(B, EMMA.hash());
        Party c = new Party(C, EMMA.hash());
        assertThat(InferenceCheck.referee(a, QMMA, b, EMMA, c, EMMA)).isEqualTo(Outcome.ORIGINAL_AT_FAULT);
        assertThat(InferenceCheck.referee(b, EMMA, a, QMMA, c, EMMA)).isEqualTo(Outcome.RERUN_AT_FAULT);
        Output third = new Output.Texts(List.of("zmma"));
        assertThat(InferenceCheck.referee(a, QMMA, b, EMMA, new Party(C, third.hash()), third)).isEqualTo(Outcome.INCONCLUSIVE);
    }

    @Test
    void evidenceIsReDerivedFromItsOutputsAndItsHashBindsEveryField() {
        Party a = new Party(A, QMMA.hash());
        Party b = new Party(B, EMMA.hash());
        Party c = new Party(C, EMMA.hash());
        Hash model = Hash.sha256("model".getBytes(StandardCharsets.UTF_8));
        var caught = new Evidence(REQUEST, "gridmint-names", model, a, b, Optional.of(c), Outcome.ORIGINAL_AT_FAULT);
        assertThat(InferenceCheck.inconsistency(caught, QMMA, EMMA, Optional.of(EMMA))).isEmpty();
        assertThat(caught.atFault()).hasValue(A);
        assertThat(caught.vindicated()).containsExactly(B, C);
        // A coordinator blaming the honest side, or citing outputs that are not the ones hashed, is found out.
        var blamed = new Evidence(REQUEST, "gridmint-names", model, a, b, Optional.of(c), Outcome.RERUN_AT_FAULT);
        assertThat(InferenceCheck.inconsistency(blamed, QMMA, EMMA, Optional.of(EMMA))).isPresent();
        assertThat(InferenceCheck.inconsistency(caught, EMMA, EMMA, Optional.of(EMMA))).isPresent();
        var match = new Evidence(REQUEST, "gridmint-names", model, b, c, Optional.empty(), Outcome.MATCH);
        assertThat(InferenceCheck.inconsistency(match, EMMA, EMMA, Optional.empty())).isEmpty();
        assertThat(InferenceCheck.inconsistency(match, EMMA, EMMA, Optional.of(EMMA))).isPresent();
        assertThat(match.atFault()).isEmpty();
        assertThat(blamed.hash()).isNotEqualTo(caught.hash());
        assertThat(new Evidence(REQUEST, "gridmint-names", model, a, b, Optional.empty(), Outcome.INCONCLUSIVE).hash())
                .isNotEqualTo(new Evidence(REQUEST, "other", model, a, b, Optional.empty(), Outcome.INCONCLUSIVE).hash());
    }
}
