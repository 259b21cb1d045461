package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.OpenPartnerPool;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.TransferPartnerToken;
import dev.gridmint.core.tx.TxPayload.Unbond;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Partner-token reward pools (L20) through the real transition, invariants checked after every step. */
class PartnerPoolTest {

    private static final long GRID = 1_000_000L;
    private static final long DAY = 86_400L;

    private final Keypair founder = TestKeys.of("founder");
    private final Keypair treasury = TestKeys.of("treasury");
    private final Keypair coordinator = TestKeys.of("coordinator");
    private final Keypair partner = TestKeys.of("partner");
    private final Keypair other = TestKeys.of("other-partner");
    private final Keypair checker = TestKeys.of("checker");
    private final Keypair alice = TestKeys.of("alice");
    private final Keypair bob = TestKeys.of("bob");

    private EconomyDriver ledger() {
        var params = NetworkParams.defaults(List.of(founder.address()), List.of(founder.address()));
        var ledger = new EconomyDriver(founder, treasury, coordinator, params, List.of(
                Allocation.liquid(alice.address(), 1_000 * GRID), Allocation.liquid(bob.address(), 3_000 * GRID)));
        ledger.accept(checker, new RegisterChecker());
        return ledger;
    }

    @Test
    void aPoolStreamsToDelegatorsProRataForTheSecondsTheyStake() {
        var ledger = ledger();
        ledger.accept(alice, new Delegate(checker.address(), 1_000 * GRID));
        ledger.accept(partner, new OpenPartnerPool("CARV", 1_000_000, 10_000));
        ledger.at(5_000);
        // alone for the first half: alice earns all of it; from here bob holds three quarters of the stake
        ledger.accept(bob, new Delegate(checker.address(), 3_000 * GRID));
        ledger.at(20_000);
        ledger.accept(alice, new ClaimRewards(List.of(checker.address())));
        ledger.accept(bob, new ClaimRewards(List.of(checker.address())));

        assertThat(ledger.state().partnerBalance("CARV", alice.address())).isBetween(624_999L, 625_000L);
        assertThat(ledger.state().partnerBalance("CARV", bob.address())).isBetween(374_999L, 375_000L);
        assertThat(ledger.state().partnerTokens().get("CARV").orElseThrow().issuer()).isEqualTo(partner.address());
    }

    @Test
    void leavingEarlyStopsTheStreamAndTheRestGoesBackToTheSponsorAfterTheClaimWindow() {
        var ledger = ledger();
        ledger.accept(alice, new Delegate(checker.address(), 1_000 * GRID));
        ledger.accept(partner, new OpenPartnerPool("CARV", 1_000_000, 10_000));
        ledger.at(2_500);
        ledger.accept(alice, new Unbond(Optional.of(checker.address()), 1_000 * GRID));
        ledger.at(10_000 + 7 * DAY - 1);
        ledger.coordinatorDoes(new CloseEpoch(0));
        assertThat(ledger.state().partnerPools().size()).as("still within the claim window").isOne();
        ledger.at(10_000 + 7 * DAY);
        ledger.coordinatorDoes(new CloseEpoch(1));
        assertThat(ledger.state().partnerPools().size()).as("closed after the claim window").isZero();
        assertThat(ledger.state().partnerStakes().size()).isZero();
        assertThat(ledger.state().partnerBalance("CARV", partner.address()))
                .as("the three quarters no one staked for, and alice's unclaimed quarter").isEqualTo(1_000_000L);
    }

    @Test
    void onlyTheIssuerOpensPoolsOfItsTokenAndBalancesMove() {
        var ledger = ledger();
        ledger.accept(alice, new Delegate(checker.address(), 1_000 * GRID));
        ledger.accept(partner, new OpenPartnerPool("CARV", 1_000, 3_600));
        ledger.refuse(other, new OpenPartnerPool("CARV", 1_000, 3_600), TxError.UNAUTHORIZED);
        ledger.refuse(partner, new OpenPartnerPool("CARV", 1_000, 60), TxError.INVALID_AMOUNT);
        ledger.at(3_600);
        ledger.accept(alice, new ClaimRewards(List.of(checker.address())));
        ledger.accept(alice, new TransferPartnerToken("CARV", bob.address(), 400));
        assertThat(ledger.state().partnerBalance("CARV", alice.address())).isEqualTo(600);
        assertThat(ledger.state().partnerBalance("CARV", bob.address())).isEqualTo(400);
        ledger.refuse(alice, new TransferPartnerToken("CARV", bob.address(), 601), TxError.INSUFFICIENT_FUNDS);
        ledger.refuse(alice, new TransferPartnerToken("NOPE", bob.address(), 1), TxError.UNKNOWN_TOKEN);
        LedgerState state = ledger.state();
        assertThat(StateCodec.decode(StateCodec.encode(state)).root()).isEqualTo(state.root());
        assertThat(ledger.replay().root()).isEqualTo(state.root());
    }

    @Test
    void atMostEightPoolsStreamOrWaitForClaimsAtOnce() {
        var ledger = ledger();
        for (int i = 0; i < PartnerRules.MAX_POOLS; i++) {
            ledger.accept(partner, new OpenPartnerPool("CARV", 1_000, 3_600));
        }
        ledger.refuse(partner, new OpenPartnerPool("CARV", 1_000, 3_600), TxError.POOL_LIMIT);
        ledger.at(3_600);
        ledger.refuse(partner, new OpenPartnerPool("CARV", 1_000, 3_600), TxError.POOL_LIMIT);
        ledger.at(3_600 + 7 * DAY);
        ledger.coordinatorDoes(new CloseEpoch(0));
        ledger.accept(partner, new OpenPartnerPool("CARV", 1_000, 3_600));
    }
}
