package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Prices;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.ApproveProposal;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.ClaimVested;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.ProposeParams;
import dev.gridmint.core.tx.TxPayload.RefundCredits;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.Slash;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.SubmitVerdict;
import dev.gridmint.core.tx.TxPayload.Unbond;
import dev.gridmint.core.tx.TxPayload.Withdraw;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each economic rule end to end through the real transition, with the invariants checked after every step. */
class EconomicsScenarioTest {

    private static final long GRID = 1_000_000L;
    private static final long CC = 1_000_000L;
    private static final long DAY = 86_400L;
    private static final long T0 = EconomyDriver.GENESIS_TIME;

    private final Keypair founder = TestKeys.of("founder");
    private final Keypair treasury = TestKeys.of("treasury");
    private final Keypair coordinator = TestKeys.of("coordinator");
    private final Keypair council2 = TestKeys.of("council-2");
    private final Keypair council3 = TestKeys.of("council-3");
    private final Keypair oracle = TestKeys.of("oracle");
    private final Keypair oracle2 = TestKeys.of("oracle-2");
    private final Keypair oracle3 = TestKeys.of("oracle-3");
    private final Keypair tenant = TestKeys.of("tenant");
    private final Keypair provider = TestKeys.of("provider");
    private final Keypair checker = TestKeys.of("checker");
    private final Keypair delegator = TestKeys.of("delegator");
    private final Keypair reporter = TestKeys.of("reporter");

    private NetworkParams params() {
        return NetworkParams.defaults(List.of(founder.address(), council2.address(), council3.address()),
                List.of(oracle.address()));
    }

    private EconomyDriver ledger(NetworkParams params, Allocation... allocations) {
        return new EconomyDriver(founder, treasury, coordinator, params, List.of(allocations));
    }

    private static HardwareOffer gpus(int count, long pricePerHour) {
        return new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", count, 81_920, 32, 262_144, "eu-west", pricePerHour);
    }

    @Test
    void vestingReleasesNothingBeforeTheCliffThenLinearly() {
        var ledger = ledger(params(), new Allocation(founder.address(), 3_650 * GRID, 30 * DAY, 365 * DAY));
        assertThat(ledger.state().supply().vestingLocked()).isEqualTo(3_650 * GRID);
        ledger.refuse(founder, new ClaimVested(), TxError.NOTHING_TO_CLAIM);
        ledger.at(29 * DAY);
        ledger.refuse(founder, new ClaimVested(), TxError.NOTHING_TO_CLAIM);
        ledger.at(73 * DAY);
        ledger.accept(founder, new ClaimVested());
        assertThat(ledger.account(founder).balance()).isEqualTo(730 * GRID);
        ledger.refuse(founder, new ClaimVested(), TxError.NOTHING_TO_CLAIM);
        ledger.at(400 * DAY);
        ledger.accept(founder, new ClaimVested());
        assertThat(ledger.account(founder).balance()).isEqualTo(3_650 * GRID);
        assertThat(ledger.state().supply().vestingLocked()).isZero();
    }

    @Test
    void genesisCannotAllocateTheNodeRewardReserve() {
        var state = dev.gridmint.core.state.LedgerState.empty();
        var params = params();
        long tooMuch = params.token().genesisAllowance() + 1;
        var genesis = new dev.gridmint.core.tx.TxPayload.Genesis(treasury.address(), coordinator.address(), params, T0,
                List.of(Allocation.liquid(tenant.address(), tooMuch)));
        var result = StateTransition.apply(state, dev.gridmint.core.tx.SignedTx.sign(founder, EconomyDriver.NETWORK, 1, genesis));
        assertThat(result).isInstanceOfSatisfying(ApplyResult.Rejected.class,
                rejected -> assertThat(rejected.error()).isEqualTo(TxError.SUPPLY_OVERFLOW));
    }

    @Test
    void oracleTakesTheMedianDropsOutliersAndRefusesStalePrices() {
        var oracles = new OracleParams(List.of(oracle.address(), oracle2.address(), oracle3.address()), 2, 600, 150);
        var ledger = ledger(params().withOracle(oracles), Allocation.liquid(tenant.address(), 100 * GRID));
        ledger.refuse(tenant, new MintCredits(CC, Long.MAX_VALUE), TxError.PRICE_UNAVAILABLE);
        ledger.refuse(tenant, new ReportPrice(1_000_000, T0), TxError.NOT_AN_ORACLE);
        ledger.refuse(oracle, new ReportPrice(1_000_000, T0 + 1), TxError.STALE_REPORT);
        ledger.accept(oracle, new ReportPrice(1_000_000, T0));
        ledger.accept(oracle2, new ReportPrice(1_010_000, T0));
        ledger.accept(oracle3, new ReportPrice(1_300_000, T0));
        // median 1.01; 1.30 is 28% away and dropped; the survivors' median is the lower middle of 1.00 and 1.01
        assertThat(Prices.current(ledger.state(), ledger.state().network().orElseThrow().params())).hasValue(1_005_000);
        ledger.at(601);
        assertThat(Prices.current(ledger.state(), ledger.state().network().orElseThrow().params())).isEmpty();
        ledger.refuse(tenant, new MintCredits(CC, Long.MAX_VALUE), TxError.PRICE_UNAVAILABLE);
    }

    @Test
    void creditsAreBoughtWithASpreadRefundedAtTheCurrentPriceAndHaltedByTheBreaker() {
        var ledger = ledger(params(), Allocation.liquid(tenant.address(), 1_000 * GRID));
        ledger.accept(oracle, new ReportPrice(2_000_000, T0));
        ledger.refuse(tenant, new MintCredits(100 * CC, 50 * GRID), TxError.SLIPPAGE);
        ledger.accept(tenant, new MintCredits(100 * CC, 51 * GRID));
        assertThat(ledger.account(tenant).credits()).isEqualTo(100 * CC);
        assertThat(ledger.state().supply().vault()).as("50 GRID at $2, plus the 25 bps spread").isEqualTo(50_125_314L);

        ledger.at(60);
        ledger.accept(oracle, new ReportPrice(1_800_000, T0 + 60));
        ledger.accept(tenant, new MintCredits(10 * CC, Long.MAX_VALUE)); // CR about 0.90 at $1.80: still open
        ledger.at(120);
        ledger.accept(oracle, new ReportPrice(1_700_000, T0 + 120));
        ledger.refuse(tenant, new MintCredits(CC, Long.MAX_VALUE), TxError.CIRCUIT_BREAKER);

        long before = ledger.account(tenant).balance();
        ledger.accept(tenant, new RefundCredits(17 * CC, 0));
        assertThat(ledger.account(tenant).balance() - before).as("17 CC at $1.70 less the spread").isEqualTo(9_975_000L);
        ledger.refuse(tenant, new RefundCredits(1_000 * CC, 0), TxError.INSUFFICIENT_FUNDS);
    }

    @Test
    void aProviderWithoutStakeIsHaltedUntilItBondsItsStake() {
        var ledger = ledger(params(), Allocation.liquid(tenant.address(), 10_000 * GRID),
                Allocation.liquid(provider.address(), 10_000 * GRID));
        ledger.accept(oracle, new ReportPrice(1_000_000, T0));
        ledger.accept(tenant, new MintCredits(100 * CC, Long.MAX_VALUE));
        ledger.accept(provider, new RegisterProvider(gpus(2, 2 * CC)));
        ledger.accept(tenant, new SubmitJob(new JobSpec("train-names", List.of(), 1, 3_600, 2 * CC), 2 * CC));
        Hash job = ledger.lastTxHash();
        ledger.coordinatorFails(new AssignLease(job, provider.address()), TxError.PROVIDER_HALTED);
        ledger.accept(provider, new BondProviderStake(1_999 * GRID));
        ledger.coordinatorFails(new AssignLease(job, provider.address()), TxError.PROVIDER_HALTED);
        ledger.accept(provider, new BondProviderStake(GRID));
        ledger.coordinatorDoes(new AssignLease(job, provider.address()));
        assertThat(ledger.state().job(job).orElseThrow().status()).isEqualTo(JobStatus.LEASED);
    }

    @Test
    void aGpuStakesByItsClass() {
        var staking = params().staking();
        var rtx4090 = new HardwareOffer(DeviceClass.GPU, "NVIDIA GeForce RTX 4090", 2, 24_564, 16, 65_536, "eu-west", CC);
        var a100 = new HardwareOffer(DeviceClass.GPU, "NVIDIA A100-PCIE-40GB", 1, 40_960, 16, 65_536, "eu-west", CC);
        var cpu = new HardwareOffer(DeviceClass.CPU, "AMD EPYC", 1, 0, 16, 65_536, "eu-west", CC);
        assertThat(Provider.registered(provider.address(), rtx4090, 1, T0).requiredStake(staking))
                .as("two consumer cards: a quarter of the unit each").isEqualTo(2 * 250 * GRID);
        assertThat(Provider.registered(provider.address(), a100, 1, T0).requiredStake(staking)).isEqualTo(500 * GRID);
        assertThat(Provider.registered(provider.address(), gpus(8, CC), 1, T0).requiredStake(staking)).isEqualTo(8_000 * GRID);
        assertThat(Provider.registered(provider.address(), cpu, 1, T0).requiredStake(staking)).isEqualTo(100 * GRID);
    }

    @Test
    void escrowNeedsTheMinimumRunway() {
        var ledger = ledger(params(), Allocation.liquid(tenant.address(), 10_000 * GRID));
        ledger.accept(oracle, new ReportPrice(1_000_000, T0));
        ledger.accept(tenant, new MintCredits(100 * CC, Long.MAX_VALUE));
        // a two-day job at 1 CC an hour needs 24 h of runway up front
        var spec = new JobSpec("train-names", List.of(), 1, 2 * DAY, CC);
        ledger.refuse(tenant, new SubmitJob(spec, 23 * CC), TxError.ESCROW_TOO_LOW);
        ledger.accept(tenant, new SubmitJob(spec, 24 * CC));
    }

    @Test
    void delegatorsShareCheckerEmissionsLessTheOperatorsCommission() {
        var staking = new StakingParams(0, 0, 1_000 * GRID, 400, 28 * DAY);
        var ledger = ledger(params().withStaking(staking), Allocation.liquid(checker.address(), 1_000 * GRID),
                Allocation.liquid(delegator.address(), 3_000 * GRID));
        ledger.refuse(delegator, new Delegate(checker.address(), GRID), TxError.UNKNOWN_CHECKER);
        ledger.accept(checker, new RegisterChecker());
        ledger.refuse(checker, new RegisterChecker(), TxError.ALREADY_REGISTERED);
        ledger.accept(checker, new Delegate(checker.address(), 1_000 * GRID));
        ledger.accept(delegator, new Delegate(checker.address(), 3_000 * GRID));
        // only a checker that judged in the epoch, and agreed with the consensus, is paid
        Keypair provider = TestKeys.of("judged-provider");
        ledger.accept(provider, new RegisterProvider(gpus(1, 1)));
        ledger.accept(checker, new SubmitVerdict(provider.address(), 0, VerdictKind.LIVENESS, 1_000, Hash.sha256(new byte[] {1})));
        ledger.at(DAY);
        ledger.coordinatorDoes(new CloseEpoch(0));

        long emitted = ledger.state().epochs().get(0L).orElseThrow().checkerEmission();
        long daily = 150_000_000L * GRID / (4 * 365); // 15% of 1B over 4 years
        assertThat(emitted).isBetween(daily - 4, daily);
        long commission = daily * 400 / 10_000;
        assertThat(ledger.state().checker(checker.address()).orElseThrow().commission()).isEqualTo(commission);

        ledger.accept(delegator, new ClaimRewards(List.of(checker.address())));
        assertThat(ledger.account(delegator).balance()).isBetween((daily - commission) * 3 / 4 - 2, (daily - commission) * 3 / 4);
        ledger.accept(checker, new ClaimRewards(List.of(checker.address())));
        assertThat(ledger.account(checker).balance()).isBetween(commission + (daily - commission) / 4 - 2,
                commission + (daily - commission) / 4);
        ledger.refuse(delegator, new ClaimRewards(List.of(checker.address())), TxError.NOTHING_TO_CLAIM);
    }

    @Test
    void unbondingStakeStaysSlashableAndIsWithdrawnOnlyAfterThePeriod() {
        var ledger = ledger(params(), Allocation.liquid(provider.address(), 3_000 * GRID));
        ledger.accept(provider, new RegisterProvider(gpus(1, CC)));
        ledger.accept(provider, new BondProviderStake(3_000 * GRID));
        ledger.accept(provider, new Unbond(Optional.empty(), 2_500 * GRID));
        Hash unbonding = ledger.lastTxHash();
        ledger.refuse(provider, new Withdraw(unbonding), TxError.STILL_UNBONDING);
        ledger.refuse(reporter, new Withdraw(unbonding), TxError.UNKNOWN_UNBONDING);

        // fraud costs one full stake (1,000 GRID): 500 from the bonded stake, 500 from the unbonding
        ledger.coordinatorDoes(new Slash(provider.address(), Offence.FRAUD, reporter.address(), Hash.sha256(new byte[] {7})));
        Provider slashed = ledger.state().provider(provider.address()).orElseThrow();
        assertThat(slashed.bonded()).isZero();
        assertThat(ledger.state().unbondings().get(unbonding).orElseThrow().amount()).isEqualTo(2_000 * GRID);
        assertThat(ledger.account(reporter).balance()).as("25% to the reporter").isEqualTo(250 * GRID);
        assertThat(ledger.state().supply().burned()).as("75% burned").isEqualTo(750 * GRID);

        ledger.at(28 * DAY);
        ledger.accept(provider, new Withdraw(unbonding));
        assertThat(ledger.account(provider).balance()).isEqualTo(2_000 * GRID);
        assertThat(ledger.state().supply().staked()).isZero();
    }

    @Test
    void slashingTakesUnclaimedRewardsFirstAndHaltsTheProvider() {
        var staking = new StakingParams(1_000 * GRID, 100 * GRID, 0, 400, 28 * DAY);
        var ledger = ledger(params().withStaking(staking), Allocation.liquid(provider.address(), 1_000 * GRID));
        ledger.accept(provider, new RegisterProvider(gpus(1, CC)));
        ledger.accept(provider, new BondProviderStake(1_000 * GRID));
        ledger.at(DAY);
        ledger.coordinatorDoes(new CloseEpoch(0));
        long reward = ledger.state().provider(provider.address()).orElseThrow().unclaimed();
        assertThat(reward).as("the whole availability pool").isPositive();

        // an undeclared outage costs 5 days of its last epoch's reward: more than it has unclaimed
        ledger.coordinatorDoes(new Slash(provider.address(), Offence.UNDECLARED_OUTAGE, reporter.address(),
                Hash.sha256(new byte[] {1})));
        Provider slashed = ledger.state().provider(provider.address()).orElseThrow();
        assertThat(slashed.unclaimed()).isZero();
        long taken = Math.min(5 * reward, reward + 1_000 * GRID);
        assertThat(slashed.bonded()).isEqualTo(1_000 * GRID - (taken - reward));
        assertThat(ledger.account(reporter).balance()).isEqualTo(taken / 4);
        assertThat(ledger.state().supply().burned()).isEqualTo(taken - taken / 4);
        assertThat(slashed.isActive(staking)).as("halted until topped up").isFalse();
        ledger.refuse(reporter, new Slash(provider.address(), Offence.FRAUD, reporter.address(), Hash.sha256(new byte[] {2})),
                TxError.UNAUTHORIZED);
    }

    @Test
    void aLostProviderIsNotPaidForItsDowntimeAndTheJobRunsAgain() {
        var emission = new EmissionParams(DAY, 4_000, 6_000, 1, 10, 4, 8_000, 100);
        var ledger = ledger(params().withEmission(emission).withCredits(new CreditParams(0, 0, 9_500, 9_000, 0)),
                Allocation.liquid(tenant.address(), 10_000 * GRID), Allocation.liquid(provider.address(), 2_000 * GRID));
        ledger.accept(oracle, new ReportPrice(1_000_000, T0));
        ledger.accept(tenant, new MintCredits(1_000 * CC, Long.MAX_VALUE));
        ledger.accept(provider, new RegisterProvider(gpus(1, 3_600 * CC / 10)));
        ledger.accept(provider, new BondProviderStake(2_000 * GRID));
        ledger.accept(tenant, new SubmitJob(new JobSpec("train-names", List.of(), 1, 3_600, 3_600 * CC / 10), 360 * CC));
        Hash jobId = ledger.lastTxHash();
        ledger.coordinatorDoes(new AssignLease(jobId, provider.address()));
        ledger.at(1_000);
        ledger.accept(oracle, new ReportPrice(1_000_000, T0 + 1_000));
        // the provider went quiet at t=600; the receipt-less lease is billed up to its release only to then
        ledger.coordinatorDoes(new ReleaseLease(jobId, 1, "provider lost", T0 + 600));
        var job = ledger.state().job(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.charged()).as("600 s at 0.1 CC/s").isEqualTo(60 * CC);
        assertThat(job.escrow()).isEqualTo(300 * CC);
        assertThat(ledger.account(provider).balance()).isEqualTo(60 * GRID);
    }

    @Test
    void councilChangesParametersAtTwoOfThree() {
        var ledger = ledger(params());
        var changed = params().withCredits(new CreditParams(25, 300, 9_500, 9_000, 24 * 3_600));
        ledger.refuse(tenant, new ProposeParams(changed), TxError.NOT_COUNCIL);
        ledger.accept(founder, new ProposeParams(changed));
        Hash proposal = ledger.lastTxHash();
        assertThat(ledger.state().network().orElseThrow().params().credits().protocolFeeBps()).isEqualTo(500);
        ledger.refuse(founder, new ApproveProposal(proposal), TxError.ALREADY_APPROVED);
        ledger.refuse(tenant, new ApproveProposal(proposal), TxError.NOT_COUNCIL);
        ledger.accept(council3, new ApproveProposal(proposal));
        assertThat(ledger.state().network().orElseThrow().params().credits().protocolFeeBps()).isEqualTo(300);
        ledger.refuse(council2, new ApproveProposal(proposal), TxError.PROPOSAL_CLOSED);

        ledger.accept(founder, new ProposeParams(params()));
        Hash late = ledger.lastTxHash();
        ledger.at(8 * DAY);
        ledger.refuse(council2, new ApproveProposal(late), TxError.PROPOSAL_CLOSED);
    }

    @Test
    void epochsCloseOnlyWhenDueAndByTheCoordinator() {
        var ledger = ledger(params());
        ledger.coordinatorFails(new CloseEpoch(0), TxError.EPOCH_NOT_OVER);
        ledger.at(DAY);
        ledger.refuse(tenant, new CloseEpoch(0), TxError.UNAUTHORIZED);
        ledger.coordinatorFails(new CloseEpoch(1), TxError.INVALID_AMOUNT);
        ledger.coordinatorDoes(new CloseEpoch(0));
        ledger.coordinatorFails(new CloseEpoch(1), TxError.EPOCH_NOT_OVER);
        ledger.coordinatorFails(new dev.gridmint.core.tx.TxPayload.Tick(T0), TxError.CLOCK_BACKWARDS);
        assertThat(ledger.replay().root()).isEqualTo(ledger.state().root());
    }
}
