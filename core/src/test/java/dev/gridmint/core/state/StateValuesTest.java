package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.testing.TestKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The records of the state refuse malformed values when they are built. */
class StateValuesTest {

    private static final Address P = TestKeys.of("p").address();
    private static final Address Q = TestKeys.of("q").address();

    @Test
    void accountsAreNeverNegative() {
        assertThatThrownBy(() -> new Account(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(5, 0, 0).debit(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(Long.MAX_VALUE, 0, 0).credit(1)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new Account(5, 1, 0).withCredits(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Account(5, 7, 2).nextNonce()).isEqualTo(new Account(5, 7, 3));
        assertThat(new Account(5, 7, 2).credit(3).debit(8)).isEqualTo(new Account(0, 7, 2));
        assertThat(new Account(5, 7, 2).withCredits(9)).isEqualTo(new Account(5, 9, 2));
    }

    @Test
    void networkParamsAreBounded() {
        var council = List.of(P, Q, TestKeys.of("r").address());
        var defaults = NetworkParams.defaults(council, List.of(P));
        assertThat(defaults.maxJobAttempts()).isEqualTo(3);
        assertThat(defaults.governance().threshold()).as("2 of 3").isEqualTo(2);
        assertThat(defaults.credits()).isEqualTo(CreditParams.DEFAULTS);
        assertThat(defaults.credits().protocolFeeBps()).isEqualTo(500);
        assertThat(defaults.oracle().reporters()).containsExactly(P);
        assertThat(NetworkParams.defaults(List.of(P), List.of()).governance().threshold()).isEqualTo(1);
        assertThat(defaults.token().genesisAllowance()).isEqualTo(defaults.token().maxSupply() / 2);
        assertThat(defaults.withMaxJobAttempts(100).maxJobAttempts()).isEqualTo(100);
        refused(() -> defaults.withMaxJobAttempts(0));
        refused(() -> defaults.withMaxJobAttempts(101));
        refused(() -> new CreditParams(25, 10_001, 9_500, 9_000, 0));
        refused(() -> new CreditParams(25, -1, 9_500, 9_000, 0));
        refused(() -> new CreditParams(25, 500, 9_000, 9_500, 0));
        refused(() -> new TokenParams(0, 0, 0));
        refused(() -> new TokenParams(1_000, 6_000, 5_000));
        refused(() -> new EmissionParams(0, 4_000, 6_000, 1, 10, 4, 8_000, 100));
        refused(() -> new EmissionParams(3_600, 10_001, 6_000, 1, 10, 4, 8_000, 100));
        refused(() -> new EmissionParams(3_600, 4_000, 6_000, 0, 10, 4, 8_000, 100));
        refused(() -> new OracleParams(List.of(P, P), 1, 60, 100));
        refused(() -> new OracleParams(List.of(P), 2, 60, 100));
        refused(() -> new GovernanceParams(List.of(), 1, 3_600));
        refused(() -> new GovernanceParams(List.of(P, P), 1, 3_600));
        refused(() -> new GovernanceParams(List.of(P, Q), 3, 3_600));
        refused(() -> new StakingParams(-1, 0, 0, 0, 0));
    }

    @Test
    void jobSpecsAreValidated() {
        long maxSeconds = Limits.MAX_JOB_SECONDS;
        long maxPrice = Limits.MAX_PRICE_PER_DEVICE_HOUR;
        new JobSpec("w", List.of(), 1, 1, 1);
        new JobSpec("w".repeat(Limits.MAX_LABEL_BYTES), Collections.nCopies(Limits.MAX_ARGS, "a".repeat(Limits.MAX_ARG_BYTES)),
                HardwareOffer.MAX_DEVICES, maxSeconds, maxPrice);
        refused(() -> new JobSpec("", List.of(), 1, 1, 1));
        refused(() -> new JobSpec("  ", List.of(), 1, 1, 1));
        refused(() -> new JobSpec("w\n", List.of(), 1, 1, 1));
        refused(() -> new JobSpec("w".repeat(Limits.MAX_LABEL_BYTES + 1), List.of(), 1, 1, 1));
        refused(() -> new JobSpec("é".repeat(Limits.MAX_LABEL_BYTES / 2 + 1), List.of(), 1, 1, 1)); // bytes, not chars
        refused(() -> new JobSpec("w", Collections.nCopies(Limits.MAX_ARGS + 1, "a"), 1, 1, 1));
        refused(() -> new JobSpec("w", List.of("a".repeat(Limits.MAX_ARG_BYTES + 1)), 1, 1, 1));
        refused(() -> new JobSpec("w", List.of("tab\there"), 1, 1, 1));
        refused(() -> new JobSpec("w", List.of(), 0, 1, 1));
        refused(() -> new JobSpec("w", List.of(), HardwareOffer.MAX_DEVICES + 1, 1, 1));
        refused(() -> new JobSpec("w", List.of(), 1, 0, 1));
        refused(() -> new JobSpec("w", List.of(), 1, maxSeconds + 1, 1));
        refused(() -> new JobSpec("w", List.of(), 1, 1, 0));
        refused(() -> new JobSpec("w", List.of(), 1, 1, maxPrice + 1));
    }

    @Test
    void jobSpecArgumentsAreCopied() {
        List<String> args = new ArrayList<>(List.of("a"));
        var spec = new JobSpec("w", args, 1, 1, 1);
        args.add("b");
        assertThat(spec.args()).containsExactly("a");
        assertThatThrownBy(() -> spec.args().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void worstCaseCostIsTheFullRunAtTheHighestPriceRoundedUp() {
        assertThat(new JobSpec("w", List.of(), 2, 3_600, 1_000_000).worstCaseCost()).isEqualTo(2_000_000);
        assertThat(new JobSpec("w", List.of(), 1, 1, 1).worstCaseCost()).isEqualTo(1);
    }

    @Test
    void hardwareOffersAreValidated() {
        new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 1, 1, "r", 1);
        refused(() -> new HardwareOffer(DeviceClass.GPU, "", 1, 0, 1, 1, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, 0, 1, 1, " ", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 0, 0, 1, 1, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", HardwareOffer.MAX_DEVICES + 1, 0, 1, 1, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, -1, 1, 1, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, 0, 0, 1, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, 0, 1, 0, "r", 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, 0, 1, 1, "r", 0));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g", 1, 0, 1, 1, "r", Limits.MAX_PRICE_PER_DEVICE_HOUR + 1));
        refused(() -> new HardwareOffer(DeviceClass.GPU, "g\u0007", 1, 0, 1, 1, "r", 1));
    }

    @Test
    void onlyOpenJobsHoldEscrow() {
        assertThat(JobStatus.QUEUED.holdsEscrow()).isTrue();
        assertThat(JobStatus.LEASED.holdsEscrow()).isTrue();
        assertThat(JobStatus.COMPLETED.holdsEscrow()).isTrue();
        assertThat(JobStatus.SETTLED.holdsEscrow()).isFalse();
        assertThat(JobStatus.CANCELLED.holdsEscrow()).isFalse();
        assertThat(JobStatus.FAILED.holdsEscrow()).isFalse();
    }

    @Test
    void aJobsLifeOnItsOwn() {
        var spec = new JobSpec("w", List.of(), 1, 60, 1_000);
        Hash id = Hash.sha256(new byte[] {9});
        Job queued = Job.submitted(id, Q, spec, 500, 7);
        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.attempts()).isZero();
        assertThat(queued.lease()).isEmpty();
        assertThat(queued.submittedAtHeight()).isEqualTo(7);
        assertThat(queued.deposited()).isEqualTo(500);

        Job leased = queued.leasedTo(Lease.started(P, 1, 900, 8, 1_000)).withUsage(1_000);
        assertThat(leased.status()).isEqualTo(JobStatus.LEASED);
        assertThat(leased.attempts()).isEqualTo(1);
        assertThat(leased.isLeasedTo(P, 1)).isTrue();
        assertThat(leased.isLeasedTo(P, 2)).isFalse();
        assertThat(leased.isLeasedTo(Q, 1)).isFalse();
        assertThat(queued.isLeasedTo(P, 0)).isFalse();

        Lease lease = leased.lease().orElseThrow();
        Job billed = leased.billed(100, 5, lease.settledTo(1_010, 100));
        assertThat(billed.escrow()).isEqualTo(400);
        assertThat(billed.charged()).isEqualTo(100);
        assertThat(billed.fees()).isEqualTo(5);
        assertThat(billed.lease().orElseThrow().settledAt()).isEqualTo(1_010);
        assertThatThrownBy(() -> leased.billed(501, 0, lease)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leased.billed(10, 11, lease)).isInstanceOf(IllegalArgumentException.class);
        Job toppedUp = billed.deposit(50);
        assertThat(toppedUp.escrow()).isEqualTo(450);
        assertThat(toppedUp.deposited()).isEqualTo(550);

        Job requeued = leased.released(false);
        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.attempts()).isEqualTo(1);
        assertThat(requeued.usageMillis()).as("unfinished work is not billed").isZero();
        assertThat(requeued.lease()).isEmpty();
        assertThat(requeued.isLeasedTo(P, 1)).isFalse();
        assertThat(leased.released(true).status()).isEqualTo(JobStatus.FAILED);

        Job again = requeued.leasedTo(Lease.started(P, 2, 900, 9, 2_000));
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.usageMillis()).isZero();
        Job completed = again.withUsage(30_000).completed(Hash.sha256());
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.isLeasedTo(P, 2)).as("a completed job takes no more receipts").isFalse();
        var settlement = new Settlement(0, 0, 0, 500, 0);
        Job settled = completed.closed(JobStatus.SETTLED, settlement);
        assertThat(settled.settlement()).contains(settlement);
        assertThat(settled.status()).isEqualTo(JobStatus.SETTLED);
        assertThat(settled.escrow()).isZero();
        assertThat(queued.closed(JobStatus.CANCELLED, settlement).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void leasesAreSettledFromTheirStart() {
        var lease = Lease.started(P, 1, 900, 8, 1_000);
        assertThat(lease.settledAt()).isEqualTo(1_000);
        assertThat(lease.billed()).isZero();
        assertThatThrownBy(() -> lease.settledTo(999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lease.settledTo(1_001, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void economicRecordsRefuseNonsense() {
        refused(() -> new Supply(-1, 0, 0, 0, 0, 0, 0, 0, 0));
        refused(() -> Supply.EMPTY.vault(-1));
        assertThat(Supply.EMPTY.mint(10).vault(4).staked(3).circulating()).isEqualTo(3);
        assertThat(Supply.EMPTY.mintCredits(10).burnCredits(4).creditsOutstanding()).isEqualTo(6);
        refused(() -> new EpochClock(10, 9, 0, 0, 0, 0));
        assertThat(EpochClock.startingAt(100).epochEnd(60)).isEqualTo(160);
        assertThat(EpochClock.startingAt(100).at(200).nextEpoch(5).epochEnd(60)).isEqualTo(220);
        refused(() -> new VestingGrant(0, 0, 0, 0));
        refused(() -> new VestingGrant(10, 11, 0, 0));
        refused(() -> new VestingGrant(10, 0, 5, 4));
        assertThat(new VestingGrant(10, 3, 0, 5).locked()).isEqualTo(7);
        refused(() -> new PriceReport(0, 0));
        refused(() -> new Unbonding(Hash.sha256(), P, P, true, 0, 0));
        refused(() -> new Delegation(-1, java.math.BigInteger.ZERO, 0));
        refused(() -> new Checker(P, 0, 0, java.math.BigInteger.ONE.negate(), 0));
        refused(() -> new Provider(P, new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 1, 1, "r", 1), 0, 0, -1, 0, 0, 0, 500));
    }

    private static void refused(Executable construction) {
        assertThatThrownBy(construction::execute).isInstanceOf(IllegalArgumentException.class);
    }
}
