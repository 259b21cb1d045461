package dev.gridmint.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomTxGeneratorTest {

    @Test
    void theSameSeedGivesTheSameStream() {
        List<SignedTx> a = RandomTxGenerator.stream(11, 150);
        List<SignedTx> b = RandomTxGenerator.stream(11, 150);
        assertThat(a).isEqualTo(b);
        assertThat(RandomTxGenerator.stream(12, 150)).isNotEqualTo(a);
    }

    @Test
    void theFirstTransactionOnAnEmptyLedgerIsGenesis() {
        var generator = new RandomTxGenerator(5);
        assertThat(generator.nextLabelled(LedgerState.empty()).intent()).isEqualTo("genesis");
        assertThat(generator.genesis()).isEqualTo(new RandomTxGenerator(6).genesis());
        assertThat(generator.everyone()).hasSize(6 + 4 + 2 + 2);
    }

    @Test
    void theStreamIsAMixOfAcceptedAndRefused() {
        var generator = new RandomTxGenerator(99);
        LedgerState state = LedgerState.empty();
        int applied = 0;
        for (int i = 0; i < 300; i++) {
            if (StateTransition.apply(state, generator.next(state)) instanceof Applied a) {
                state = a.state();
                applied++;
            }
        }
        assertThat(applied).isBetween(90, 270);
        assertThat(state.jobs().size()).isPositive();
        assertThat(state.supplyConserved()).isTrue();
    }
}
