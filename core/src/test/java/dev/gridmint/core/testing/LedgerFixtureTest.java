package dev.gridmint.core.testing;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.CAROL;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_1;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_2;
import static dev.gridmint.core.testing.LedgerFixture.COUNCIL_3;
import static dev.gridmint.core.testing.LedgerFixture.ORACLE;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.GRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.core.tx.TxPayload.Transfer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerFixtureTest {

    @Test
    void standardGenesis() {
        var ledger = LedgerFixture.standard();
        var genesis = ledger.genesisState();
        assertThat(genesis.height()).isEqualTo(1);
        assertThat(genesis.network().orElseThrow().networkId()).isEqualTo(LedgerFixture.NETWORK_ID);
        assertThat(genesis.network().orElseThrow().params()).isEqualTo(LedgerFixture.defaultParams());
        assertThat(ledger.params().governance().council())
                .containsExactly(COUNCIL_1.address(), COUNCIL_2.address(), COUNCIL_3.address());
        assertThat(ledger.params().governance().threshold()).isEqualTo(2);
        assertThat(ledger.params().oracle().reporters()).containsExactly(ORACLE.address());
        assertThat(genesis.now()).isEqualTo(LedgerFixture.GENESIS_TIME);
        assertThat(genesis.account(ALICE.address()).balance()).isEqualTo(LedgerFixture.TENANT_GRID);
        assertThat(genesis.vesting().get(LedgerFixture.FOUNDER.address())).isPresent();
        assertThat(genesis.supply().vestingLocked()).isEqualTo(LedgerFixture.FOUNDER_GRANT);
        assertThat(SupplyAudit.problems(genesis)).isEmpty();
        assertThat(ledger.genesisTx().signer()).isEqualTo(ledger.coordinator().address());
        assertThat(ledger.log().getFirst()).isEqualTo(ledger.genesisTx());
    }

    @Test
    void standardIsReadyForJobs() {
        var ledger = LedgerFixture.standard();
        // a fresh price and tenants holding credits bought at it
        assertThat(ledger.state().prices().get(ORACLE.address()).orElseThrow().price()).isEqualTo(LedgerFixture.PRICE);
        for (var tenant : List.of(ALICE, BOB, CAROL)) {
            assertThat(ledger.credits(tenant)).isEqualTo(LedgerFixture.TENANT_CREDITS);
            assertThat(ledger.balance(tenant)).isLessThan(LedgerFixture.TENANT_GRID - 1_000 * GRID);
            assertThat(ledger.nonce(tenant)).isEqualTo(1);
        }
        assertThat(ledger.state().supply().vault()).isEqualTo(3 * LedgerFixture.TENANT_GRID - ledger.balance(ALICE)
                - ledger.balance(BOB) - ledger.balance(CAROL));
        assertThat(ledger.log()).hasSize(5);
        ledger.audit();
        // register stakes what the offer needs, so the provider is active at once
        ledger.register(PROVIDER_1, LedgerFixture.gpuOffer(4, LedgerFixture.CC));
        var provider = ledger.provider(PROVIDER_1);
        assertThat(provider.bonded()).isEqualTo(4 * ledger.params().staking().gpuStakeUnit());
        assertThat(provider.isActive(ledger.params().staking())).isTrue();
        assertThat(ledger.balance(PROVIDER_1)).isEqualTo(LedgerFixture.PROVIDER_GRID - provider.bonded());
        // and re-registering a bigger offer tops the stake up
        ledger.register(PROVIDER_1, LedgerFixture.gpuOffer(6, LedgerFixture.CC));
        assertThat(ledger.provider(PROVIDER_1).bonded()).isEqualTo(6 * ledger.params().staking().gpuStakeUnit());
        ledger.registerUnstaked(PROVIDER_2, LedgerFixture.gpuOffer(1, LedgerFixture.CC));
        assertThat(ledger.provider(PROVIDER_2).bonded()).isZero();
        ledger.audit();
    }

    @Test
    void timeMovesOnlyByTicksAndAdvanceKeepsThePriceFresh() {
        var ledger = LedgerFixture.standard();
        long start = ledger.now();
        ledger.tick(10);
        assertThat(ledger.now()).isEqualTo(start + 10);
        ledger.advance(2 * 3_600);
        assertThat(ledger.now()).isEqualTo(start + 10 + 2 * 3_600);
        assertThat(ledger.state().prices().get(ORACLE.address()).orElseThrow().observedAt()).isEqualTo(ledger.now());
        assertThat(ledger.reject(ledger.coordinator(), new Tick(start))).isEqualTo(TxError.CLOCK_BACKWARDS);
        long epoch = ledger.closeEpoch();
        assertThat(epoch).isZero();
        assertThat(ledger.state().clock().epoch()).isEqualTo(1);
        assertThat(ledger.now()).isEqualTo(LedgerFixture.GENESIS_TIME + ledger.params().emission().epochSeconds());
        assertThat(ledger.state().epochs().get(0L)).isPresent();
        ledger.audit();
    }

    @Test
    void theBuilderSetsEverything() {
        var treasury = TestKeys.of("t2");
        var coordinator = TestKeys.of("c2");
        var ledger = LedgerFixture.builder().networkId("other").treasury(treasury).coordinator(coordinator)
                .genesisSigner(ALICE).protocolFeeBps(42).maxJobAttempts(7).minRunwaySeconds(60).epochSeconds(600)
                .genesisTime(5_000).fund(BOB, 5).fund(BOB.address(), 6).vest(CAROL, 100, 10, 20).build();
        var network = ledger.state().network().orElseThrow();
        assertThat(network.networkId()).isEqualTo("other");
        assertThat(network.treasury()).isEqualTo(treasury.address());
        assertThat(network.coordinator()).isEqualTo(coordinator.address());
        assertThat(network.params().credits().protocolFeeBps()).isEqualTo(42);
        assertThat(network.params().credits().minRunwaySeconds()).isEqualTo(60);
        assertThat(network.params().emission().epochSeconds()).isEqualTo(600);
        assertThat(network.params().maxJobAttempts()).isEqualTo(7);
        assertThat(network.params()).isEqualTo(ledger.genesisParams()).isEqualTo(ledger.params());
        assertThat(ledger.balance(BOB)).isEqualTo(11);
        assertThat(ledger.state().vesting().get(CAROL.address()).orElseThrow().total()).isEqualTo(100);
        assertThat(ledger.now()).isEqualTo(5_000);
        assertThat(ledger.nonce(ALICE)).isEqualTo(1);
        assertThat(ledger.genesisTx().signer()).isEqualTo(ALICE.address());
        assertThat(ledger.log()).containsExactly(ledger.genesisTx());
        assertThat(ledger.genesisState()).isSameAs(ledger.state());
    }

    @Test
    void noncesFollowTheSignerAcrossPendingTransactions() {
        var ledger = LedgerFixture.standard();
        long alice = ledger.nonce(ALICE);
        SignedTx first = ledger.signed(ALICE, new Transfer(BOB.address(), 1));
        SignedTx second = ledger.signed(ALICE, new Transfer(BOB.address(), 2));
        assertThat(first.nonce()).isEqualTo(alice + 1);
        assertThat(second.nonce()).isEqualTo(alice + 2);
        ledger.apply(first);
        ledger.apply(second);
        assertThat(ledger.signed(BOB, new Transfer(ALICE.address(), 1)).nonce()).isEqualTo(ledger.nonce(BOB) + 1);
    }

    @Test
    void aRefusalGivesItsNonceBack() {
        var ledger = LedgerFixture.standard();
        long next = ledger.nonce(ALICE) + 1;
        assertThat(ledger.reject(ALICE, new Transfer(BOB.address(), Long.MAX_VALUE))).isEqualTo(TxError.INSUFFICIENT_FUNDS);
        assertThat(ledger.signed(ALICE, new Transfer(BOB.address(), 1)).nonce()).isEqualTo(next);
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
    void populatedHasAJobInEveryStatusAndAnEntryInEveryTable() {
        var ledger = LedgerFixture.populated();
        assertThat(ledger.jobsByStatus()).containsOnlyKeys(JobStatus.values());
        ledger.jobsByStatus().forEach((status, id) -> assertThat(ledger.job(id).status()).isEqualTo(status));
        var state = ledger.state();
        assertThat(state.checkers().size()).isEqualTo(1);
        assertThat(state.delegations().size()).isEqualTo(2);
        assertThat(state.unbondings().size()).isEqualTo(2);
        assertThat(state.vesting().size()).isEqualTo(1);
        assertThat(state.prices().size()).isEqualTo(1);
        assertThat(state.proposals().get(ledger.openProposal()).orElseThrow().executed()).isFalse();
        assertThat(state.epochs().size()).isEqualTo(1);
        assertThat(ledger.job(ledger.jobsByStatus().get(JobStatus.OVERDRAWN)).settlement().orElseThrow().unsettled())
                .isPositive();
        ledger.audit();
    }
}
