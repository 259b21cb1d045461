package dev.gridmint.core.transition;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.CC;
import static dev.gridmint.core.testing.LedgerFixture.GRID;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.gpuOffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.state.VerdictOutcome;
import dev.gridmint.core.state.VerdictSubject;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkers' verdicts: who may submit one, and what the stake-weighted consensus does at the epoch
 * close to the provider (reputation, slashes) and to the checkers (pay, lie slashes). Default
 * parameters: a 10,000 GRID minimum checker stake, κ = ½, α = 20%, fraud below 200, outvoted
 * beyond 300, lying beyond 700 with a quorum of 3, 10% of the liar's own stake.
 */
class VerdictRulesTest {

    private static final Hash EVIDENCE = Hash.sha256("evidence".getBytes(StandardCharsets.UTF_8));
    private static final List<Keypair> CHECKERS = TestKeys.of("verdict-checker", 5);
    private static final Keypair C1 = CHECKERS.get(0);
    private static final Keypair C2 = CHECKERS.get(1);
    private static final Keypair C3 = CHECKERS.get(2);
    private static final Keypair C4 = CHECKERS.get(3);
    private static final Keypair UNDERSTAKED = CHECKERS.get(4);

    private LedgerFixture ledger;

    @BeforeEach
    void setUp() {
        var builder = LedgerFixture.standardBuilder();
        CHECKERS.forEach(c -> builder.fund(c, 100_000 * GRID));
        ledger = builder.build().withPriceAndCredits();
        ledger.register(PROVIDER_1, gpuOffer(4, CC));
        checker(C1, 10_000 * GRID);
        checker(C2, 20_000 * GRID);
        checker(C3, 30_000 * GRID);
        checker(UNDERSTAKED, 9_999 * GRID);
    }

    private void checker(Keypair operator, long ownStake) {
        ledger.apply(operator, new RegisterChecker());
        ledger.apply(operator, new Delegate(operator.address(), ownStake));
    }

    private SubmitVerdict verdict(Keypair provider, VerdictKind kind, int score) {
        return new SubmitVerdict(provider.address(), ledger.state().clock().epoch(), kind, score, EVIDENCE);
    }

    private void judge(Keypair provider, VerdictKind kind, int s1, int s2, int s3) {
        ledger.apply(C1, verdict(provider, kind, s1));
        ledger.apply(C2, verdict(provider, kind, s2));
        ledger.apply(C3, verdict(provider, kind, s3));
    }

    private Checker checkerOf(Keypair operator) {
        return ledger.state().checker(operator.address()).orElseThrow();
    }

    private VerdictOutcome outcome(Keypair provider, VerdictKind kind) {
        return ledger.state().verdictOutcomes().get(new VerdictSubject(provider.address(), kind)).orElseThrow();
    }

    // ---- who may judge ----

    @Test
    void onlyAStakedCheckerJudgesAKnownOtherProviderOnceARoundInTheOpenEpoch() {
        assertThat(ledger.reject(ALICE, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000))).isEqualTo(TxError.UNKNOWN_CHECKER);
        assertThat(ledger.reject(UNDERSTAKED, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000)))
                .isEqualTo(TxError.STAKE_TOO_LOW);
        assertThat(ledger.reject(C1, new SubmitVerdict(PROVIDER_1.address(), 1, VerdictKind.CHALLENGE, 1_000, EVIDENCE)))
                .isEqualTo(TxError.WRONG_ROUND);
        assertThat(ledger.reject(C1, verdict(PROVIDER_2, VerdictKind.CHALLENGE, 1_000))).isEqualTo(TxError.UNKNOWN_PROVIDER);

        ledger.apply(C1, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000));
        assertThat(ledger.reject(C1, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 900))).isEqualTo(TxError.DUPLICATE_VERDICT);
        ledger.apply(C1, verdict(PROVIDER_1, VerdictKind.LIVENESS, 1_000));
        ledger.apply(C2, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000));
        assertThat(ledger.state().verdicts().size()).isEqualTo(3);

        // a provider that is also a checker judges others, never itself
        ledger.register(PROVIDER_2, gpuOffer(1, CC));
        checker(PROVIDER_2, 10_000 * GRID);
        assertThat(ledger.reject(PROVIDER_2, verdict(PROVIDER_2, VerdictKind.LIVENESS, 1_000))).isEqualTo(TxError.SELF_VERDICT);
        ledger.apply(PROVIDER_2, verdict(PROVIDER_1, VerdictKind.LIVENESS, 1_000));

        // the round closes: its verdicts are gone, and the old round is refused
        ledger.closeEpoch();
        assertThat(ledger.state().verdicts().size()).isZero();
        assertThat(ledger.reject(C1, new SubmitVerdict(PROVIDER_1.address(), 0, VerdictKind.CHALLENGE, 1_000, EVIDENCE)))
                .isEqualTo(TxError.WRONG_ROUND);
        ledger.apply(C1, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000));
        ledger.audit();
    }

    // ---- the consensus and the provider ----

    @Test
    void theStakeWeightedMedianMovesReputationAndAPassingProviderKeepsItsStake() {
        // stakes 10k, 20k, 30k: 1000 has 20k behind it, 900 or more has 30k, half of 60k
        judge(PROVIDER_1, VerdictKind.CHALLENGE, 900, 1_000, 800);
        long bonded = ledger.provider(PROVIDER_1).bonded();
        ledger.closeEpoch();
        assertThat(outcome(PROVIDER_1, VerdictKind.CHALLENGE)).isEqualTo(new VerdictOutcome(900, 0));
        assertThat(ledger.state().reputation(PROVIDER_1.address())).hasValue(Reputation.NEUTRAL + 80);
        assertThat(ledger.provider(PROVIDER_1).bonded()).isEqualTo(bonded);
        ledger.audit();

        // no verdicts next epoch: the reputation stays, the outcomes are the last epoch's only
        ledger.closeEpoch();
        assertThat(ledger.state().verdictOutcomes().size()).isZero();
        assertThat(ledger.state().reputation(PROVIDER_1.address())).hasValue(580);
        assertThat(ledger.state().reputation(PROVIDER_2.address())).isEmpty();
    }

    @Test
    void aJobsReputationMinimumIsHeldToTheReputationTheVerdictsMoved() {
        ledger.register(PROVIDER_2, gpuOffer(4, CC));
        judge(PROVIDER_1, VerdictKind.CHALLENGE, 1_000, 1_000, 1_000);
        judge(PROVIDER_2, VerdictKind.CHALLENGE, 0, 300, 300);
        ledger.closeEpoch();
        assertThat(ledger.state().reputation(PROVIDER_1.address())).hasValue(600);
        assertThat(ledger.state().reputation(PROVIDER_2.address())).hasValue(460);

        var spec = LedgerFixture.spec(1, 600, CC).withRequirements(JobRequirements.NONE.withMinimums(0, 600));
        Hash job = ledger.submit(BOB, spec, CC);
        assertThat(ledger.reject(ledger.coordinator(), new AssignLease(job, PROVIDER_2.address())))
                .isEqualTo(TxError.REPUTATION_TOO_LOW);
        ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
        ledger.audit();
    }

    @Test
    void aFraudConsensusSlashesAFullStakeUnitPaysTheAgreeingCheckersByStakeAndBurnsTheRest() {
        judge(PROVIDER_1, VerdictKind.SPOT_CHECK, 0, 50, 100); // 100 or more has 30k behind it: the consensus
        long stake = ledger.provider(PROVIDER_1).requiredStake(ledger.params().staking());
        assertThat(stake).isEqualTo(4_000 * GRID);
        long burned = ledger.state().supply().burned();
        long staked = ledger.state().supply().staked();
        long[] balances = {ledger.balance(C1), ledger.balance(C2), ledger.balance(C3)};
        ledger.closeEpoch();

        assertThat(outcome(PROVIDER_1, VerdictKind.SPOT_CHECK)).isEqualTo(new VerdictOutcome(100, stake));
        Provider provider = ledger.provider(PROVIDER_1);
        assertThat(provider.reputation()).isEqualTo(420);
        // this epoch's reward goes first: here it covers the whole slash, and the bond is untouched
        assertThat(provider.unclaimed()).isEqualTo(provider.lastEpochReward() - stake);
        assertThat(provider.bonded()).isEqualTo(stake);
        // 25% to the three checkers, 10:20:30 by stake, each rounded down; the rest burned
        assertThat(ledger.balance(C1) - balances[0]).isEqualTo(166_666_666L);
        assertThat(ledger.balance(C2) - balances[1]).isEqualTo(333_333_333L);
        assertThat(ledger.balance(C3) - balances[2]).isEqualTo(500_000_000L);
        assertThat(ledger.state().supply().burned() - burned).isEqualTo(stake - 999_999_999L);
        assertThat(ledger.state().supply().staked()).isEqualTo(staked);
        ledger.audit();
    }

    @Test
    void aFailedLivenessConsensusSlashesAnUndeclaredOutage() {
        judge(PROVIDER_1, VerdictKind.LIVENESS, 0, 0, 150); // 150 has 30k behind it, half: the consensus
        long bonded = ledger.provider(PROVIDER_1).bonded();
        long staked = ledger.state().supply().staked();
        ledger.closeEpoch();
        Provider provider = ledger.provider(PROVIDER_1);
        // five days of reward (24 h epochs: the epoch's reward is a day's) is more than the provider holds:
        // the reward goes, then the whole bond
        assertThat(5 * provider.lastEpochReward()).isGreaterThan(provider.lastEpochReward() + bonded);
        assertThat(outcome(PROVIDER_1, VerdictKind.LIVENESS))
                .isEqualTo(new VerdictOutcome(150, provider.lastEpochReward() + bonded));
        assertThat(provider.unclaimed()).isZero();
        assertThat(provider.bonded()).isZero();
        assertThat(staked - ledger.state().supply().staked()).isEqualTo(bonded);
        assertThat(provider.reputation()).isEqualTo(430);
        ledger.audit();
    }

    // ---- Yuma robustness ----

    @Test
    void aThirtyPercentCabalCannotSlashAnHonestProviderAndIsOutvotedAndSlashedForLying() {
        checker(C4, 30_000 * GRID);
        ledger.apply(C1, new Delegate(C1.address(), 10_000 * GRID)); // 70k honest, 30k in the cabal
        judge(PROVIDER_1, VerdictKind.CHALLENGE, 1_000, 1_000, 1_000);
        ledger.apply(C4, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 0));
        long bonded = ledger.provider(PROVIDER_1).bonded();
        long burned = ledger.state().supply().burned();
        ledger.closeEpoch();

        assertThat(outcome(PROVIDER_1, VerdictKind.CHALLENGE)).isEqualTo(new VerdictOutcome(1_000, 0));
        assertThat(ledger.provider(PROVIDER_1).bonded()).isEqualTo(bonded);
        // the liar, with no commission yet, loses 10% of its own 30k, burned; it is not paid this epoch
        Checker cabal = checkerOf(C4);
        assertThat(cabal.delegated()).isEqualTo(27_000 * GRID);
        assertThat(ledger.state().delegation(C4.address(), C4.address()).orElseThrow().amount()).isEqualTo(27_000 * GRID);
        assertThat(ledger.state().supply().burned() - burned).isEqualTo(3_000 * GRID);
        assertThat(cabal.commission()).isZero();
        assertThat(cabal.rewardPerShare()).isZero();
        assertThat(checkerOf(C1).commission()).isPositive();
        ledger.audit();
    }

    @Test
    void aCabalPassingACheaterDoesNotSaveIt() {
        checker(C4, 30_000 * GRID);
        ledger.apply(C1, new Delegate(C1.address(), 10_000 * GRID));
        judge(PROVIDER_1, VerdictKind.CHALLENGE, 0, 0, 0);
        ledger.apply(C4, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000));
        long stake = ledger.provider(PROVIDER_1).requiredStake(ledger.params().staking());
        long cabalBalance = ledger.balance(C4);
        ledger.closeEpoch();

        assertThat(outcome(PROVIDER_1, VerdictKind.CHALLENGE)).isEqualTo(new VerdictOutcome(0, stake));
        assertThat(ledger.balance(C4)).as("no bounty for the outvoted").isEqualTo(cabalBalance);
        assertThat(checkerOf(C4).delegated()).isEqualTo(27_000 * GRID);
        ledger.audit();
    }

    // ---- the checkers ----

    @Test
    void aLieIsSlashedFromTheOperatorsCommissionFirstThenItsOwnStakeNeverItsDelegators() {
        ledger.apply(BOB, new Delegate(C1.address(), 5_000 * GRID));
        judge(PROVIDER_1, VerdictKind.CAPACITY, 1_000, 1_000, 1_000);
        ledger.closeEpoch();
        long commission = checkerOf(C1).commission();

        judge(PROVIDER_1, VerdictKind.CAPACITY, 0, 1_000, 1_000); // C1 holds 15k of 65k
        long burned = ledger.state().supply().burned();
        long staked = ledger.state().supply().staked();
        long pool = ledger.state().supply().rewardPool();
        ledger.closeEpoch();

        long slash = 1_000 * GRID; // 10% of its own 10k, rounded up: the commission first, the rest from that stake
        assertThat(commission).isPositive().isLessThan(slash);
        long fromStake = slash - commission;
        assertThat(checkerOf(C1).commission()).isZero();
        assertThat(ledger.state().delegation(C1.address(), C1.address()).orElseThrow().amount())
                .isEqualTo(10_000 * GRID - fromStake);
        assertThat(ledger.state().delegation(C1.address(), BOB.address()).orElseThrow().amount()).isEqualTo(5_000 * GRID);
        assertThat(checkerOf(C1).delegated()).isEqualTo(15_000 * GRID - fromStake);
        assertThat(ledger.state().supply().burned() - burned).isEqualTo(slash);
        assertThat(staked - ledger.state().supply().staked()).isEqualTo(fromStake);
        var summary = ledger.state().epochs().get(1L).orElseThrow();
        assertThat(ledger.state().supply().rewardPool() - pool).as("commission burned, new rewards paid")
                .isEqualTo(summary.providerEmission() + summary.checkerEmission() - commission);
        ledger.audit();
    }

    @Test
    void withoutAQuorumAFarOffVerdictIsOutvotedButNotALie() {
        ledger.apply(C1, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 0));
        ledger.apply(C3, verdict(PROVIDER_1, VerdictKind.CHALLENGE, 1_000));
        ledger.closeEpoch();
        assertThat(outcome(PROVIDER_1, VerdictKind.CHALLENGE).consensus()).isEqualTo(1_000);
        assertThat(checkerOf(C1).delegated()).isEqualTo(10_000 * GRID);
        assertThat(checkerOf(C1).commission()).isZero();
        assertThat(checkerOf(C3).commission()).isPositive();
    }

    @Test
    void theCheckerPoolGoesByStakeToTheCheckersThatJudgedAndWereNeverOutvoted() {
        checker(C4, 10_000 * GRID); // staked, but judges nobody
        judge(PROVIDER_1, VerdictKind.CHALLENGE, 1_000, 1_000, 600); // C3 is 400 off: outvoted, not lying
        ledger.apply(C3, verdict(PROVIDER_1, VerdictKind.LIVENESS, 1_000)); // agreeing elsewhere does not help
        ledger.closeEpoch();

        var summary = ledger.state().epochs().get(0L).orElseThrow();
        long pool = summary.checkerEmission();
        assertThat(pool).isPositive();
        assertThat(checkerOf(C3).commission()).isZero();
        assertThat(checkerOf(C4).commission()).isZero();
        assertThat(checkerOf(C3).delegated()).isEqualTo(30_000 * GRID);
        // C1 and C2 share it 1:2; each part less the 4% commission goes to the index
        long[] paid = new long[2];
        Keypair[] paidCheckers = {C1, C2};
        for (int i = 0; i < 2; i++) {
            Checker checker = checkerOf(paidCheckers[i]);
            long before = ledger.balance(paidCheckers[i]);
            ledger.apply(paidCheckers[i], new ClaimRewards(List.of(paidCheckers[i].address())));
            paid[i] = ledger.balance(paidCheckers[i]) - before;
            assertThat(checker.commission()).isPositive();
        }
        assertThat(paid[1]).isBetween(2 * paid[0] - 2, 2 * paid[0] + 2);
        assertThat(paid[0] + paid[1]).isBetween(pool - 2, pool);
        ledger.audit();
    }

    @Test
    void anEpochWithoutAQualifyingCheckerMintsNoCheckerEmission() {
        long minted = ledger.state().supply().minted();
        ledger.closeEpoch();
        var summary = ledger.state().epochs().get(0L).orElseThrow();
        assertThat(summary.checkerEmission()).isZero();
        assertThat(checkerOf(C1).commission()).isZero();
        assertThat(ledger.state().supply().minted() - minted).isLessThanOrEqualTo(summary.providerEmission());
    }

    // ---- the epoch seed ----

    @Test
    void theEpochSeedComesFromGenesisThenFromTheLastSeedTheEpochAndTheRootBeforeTheClose() {
        LedgerState genesis = ledger.genesisState();
        assertThat(genesis.epochSeed()).isEqualTo(EpochRules.genesisSeed(ledger.genesisTx().hash()));
        Hash seed = ledger.state().epochSeed();
        assertThat(seed).as("only a close moves it").isEqualTo(genesis.epochSeed());

        ledger.tickTo(ledger.state().clock().epochEnd(ledger.params().emission().epochSeconds()));
        LedgerState before = ledger.state();
        var coordinator = ledger.coordinator().address();
        Hash rootAsTheCloseBegins = before.withAccount(coordinator, before.account(coordinator).nextNonce()).root();
        ledger.apply(ledger.coordinator(), new CloseEpoch(0));
        Hash expected = Hash.sha256("gridmint/epoch-seed/v1".getBytes(StandardCharsets.UTF_8), seed.bytes(),
                new ByteWriter().i64(0).toByteArray(), rootAsTheCloseBegins.bytes());
        assertThat(ledger.state().epochSeed()).isEqualTo(expected);

        // the same log gives the same seed and root; replaying it too
        LedgerState replayed = LedgerFixture.replay(ledger.log());
        assertThat(replayed.epochSeed()).isEqualTo(ledger.state().epochSeed());
        assertThat(replayed.root()).isEqualTo(ledger.state().root());
        var again = LedgerFixture.standardBuilder();
        CHECKERS.forEach(c -> again.fund(c, 100_000 * GRID));
        assertThat(again.build().genesisState().epochSeed()).isEqualTo(genesis.epochSeed());
        assertThat(LedgerFixture.standard().genesisState().epochSeed()).as("another genesis, another seed")
                .isNotEqualTo(genesis.epochSeed());
    }
}
