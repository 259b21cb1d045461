package dev.gridmint.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        assertThat(generator.everyone()).hasSize(6 + 4 + 3 + 2 + 3 + 3 + 2 + 2 + 2);
        assertThat(generator.params().emission().epochSeconds()).isEqualTo(RandomTxGenerator.EPOCH_SECONDS);
    }

    @Test
    void theStreamIsAMixOfAcceptedAndRefused() {
        var generator = new RandomTxGenerator(99);
        LedgerState state = LedgerState.empty();
        int applied = 0;
        Set<String> types = new TreeSet<>();
        for (int i = 0; i < 3_000; i++) {
            SignedTx tx = generator.next(state);
            types.add(tx.payload().getClass().getSimpleName());
            if (StateTransition.apply(state, tx) instanceof Applied a) {
                state = a.state();
                applied++;
            }
            assertThat(SupplyAudit.problems(state)).as("after tx %d", i).isEmpty();
        }
        assertThat(applied).isBetween(1_200, 2_700);
        assertThat(state.jobs().size()).isPositive();
        assertThat(state.now()).isGreaterThan(RandomTxGenerator.GENESIS_TIME);
        Set<String> all = new TreeSet<>();
        for (Class<?> type : TxPayload.class.getPermittedSubclasses()) {
            all.add(type.getSimpleName());
        }
        assertThat(types).as("every type is generated").isEqualTo(all);
    }
}
