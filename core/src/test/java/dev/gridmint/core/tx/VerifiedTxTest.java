package dev.gridmint.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.testing.RandomTxGenerator;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StateTransition;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifiedTxTest {

    @Test
    void onlyAGoodSignatureGivesAProofAndTheProofAppliesLikeTheCheckedPath() {
        var generator = new RandomTxGenerator(5);
        LedgerState state = LedgerState.empty();
        for (int i = 0; i < 60; i++) {
            SignedTx tx = generator.next(state);
            var verified = VerifiedTx.verify(tx);
            assertThat(verified.isPresent()).isEqualTo(tx.hasValidSignature());
            var checked = StateTransition.apply(state, tx);
            if (verified.isEmpty()) {
                assertThat(checked).isEqualTo(StateTransition.badSignature());
                continue;
            }
            var trusted = StateTransition.applyVerified(state, verified.get());
            assertThat(trusted.getClass()).isEqualTo(checked.getClass());
            if (trusted instanceof Applied applied) {
                assertThat(applied.state().root()).isEqualTo(((Applied) checked).state().root());
            } else {
                assertThat(trusted).isEqualTo(checked);
            }
            byte[] signature = tx.signature();
            signature[63] ^= 0x10;
            SignedTx forged = new SignedTx(tx.networkId(), tx.signer(), tx.nonce(), tx.payload(), signature);
            assertThat(VerifiedTx.verify(forged)).isEmpty();
            assertThat(StateTransition.apply(state, forged)).isEqualTo(StateTransition.badSignature());
            if (checked instanceof Applied applied) {
                state = applied.state();
            }
        }
    }

    @Test
    void aProofCannotBeMadeWithoutTheCheck() {
        assertThat(Modifier.isFinal(VerifiedTx.class.getModifiers())).isTrue();
        assertThat(Arrays.stream(VerifiedTx.class.getDeclaredConstructors()))
                .allMatch(constructor -> Modifier.isPrivate(constructor.getModifiers()));
    }
}
