package dev.gridmint.core.testing;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.GRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Transfer;
import org.junit.jupiter.api.Test;

class LedgerFixtureTest {

    @Test
    void standardGenesis() {
        var ledger = LedgerFixture.standard();
        assertThat(ledger.state().height()).isEqualTo(1);
        assertThat(ledger.state().network().orElseThrow().networkId()).isEqualTo(LedgerFixture.NETWORK_ID);
        assertThat(ledger.state().network().orElseThrow().params()).isEqualTo(NetworkParams.DEFAULTS);
        assertThat(ledger.balance(ALICE)).isEqualTo(1_000 * GRID);
        assertThat(ledger.nonce(ledger.coordinator())).isEqualTo(1);
        assertThat(ledger.log()).containsExactly(ledger.genesisTx());
        assertThat(ledger.genesisState()).isSameAs(ledger.state());
    }

    @Test
    void theBuilderSetsEverything() {
        var treasury = TestKeys.of("t2");
        var coordinator = TestKeys.of("c2");
        var ledger = LedgerFixture.builder().networkId("other").treasury(treasury).coordinator(coordinator)
                .genesisSigner(ALICE).protocolFeeBps(42).maxJobAttempts(7)
                .fund(BOB, 5).fund(BOB.address(), 6).build();
        var network = ledger.state().network().orElseThrow();
        assertThat(network.networkId()).isEqualTo("other");
        assertThat(network.treasury()).isEqualTo(treasury.address());
        assertThat(network.coordinator()).isEqualTo(coordinator.address());
        assertThat(network.params()).isEqualTo(new NetworkParams(42, 7));
        assertThat(ledger.balance(BOB)).isEqualTo(11);
        assertThat(ledger.nonce(ALICE)).isEqualTo(1);
        assertThat(ledger.genesisTx().signer()).isEqualTo(ALICE.address());
    }

    @Test
    void noncesFollowTheSignerAcrossPendingTransactions() {
        var ledger = LedgerFixture.standard();
        SignedTx first = ledger.signed(ALICE, new Transfer(BOB.address(), 1));
        SignedTx second = ledger.signed(ALICE, new Transfer(BOB.address(), 2));
        assertThat(first.nonce()).isEqualTo(1);
        assertThat(second.nonce()).isEqualTo(2);
        ledger.apply(first);
        ledger.apply(second);
        assertThat(ledger.signed(BOB, new Transfer(ALICE.address(), 1)).nonce()).isEqualTo(1);
    }

    @Test
    void aRefusalGivesItsNonceBack() {
        var ledger = LedgerFixture.standard();
        assertThat(ledger.reject(ALICE, new Transfer(BOB.address(), Long.MAX_VALUE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
        assertThat(ledger.signed(ALICE, new Transfer(BOB.address(), 1)).nonce()).isEqualTo(1);
    }

    @Test
    void applyFailsLoudlyAndRejectToo() {
        var ledger = LedgerFixture.standard();
        assertThatThrownBy(() -> ledger.apply(ALICE, new Transfer(BOB.address(), 0)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("INVALID_AMOUNT");
        assertThatThrownBy(() -> ledger.reject(ALICE, new Transfer(BOB.address(), 1)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("applied");
    }

    @Test
    void theLogReplaysToTheState() {
        var ledger = LedgerFixture.populated();
        assertThat(LedgerFixture.replay(ledger.log())).isEqualTo(ledger.state());
        assertThat(ledger.log()).hasSize((int) ledger.state().height());
    }

    @Test
    void populatedHasAJobInEveryStatus() {
        var ledger = LedgerFixture.populated();
        assertThat(ledger.jobsByStatus()).containsOnlyKeys(JobStatus.values());
        ledger.jobsByStatus().forEach((status, id) -> assertThat(ledger.job(id).status()).isEqualTo(status));
        assertThat(ledger.state().supplyConserved()).isTrue();
    }
}
