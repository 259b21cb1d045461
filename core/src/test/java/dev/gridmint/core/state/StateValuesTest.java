package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
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
        assertThatThrownBy(() -> new Account(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(5, 0).debit(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Account(Long.MAX_VALUE, 0).credit(1)).isInstanceOf(ArithmeticException.class);
        assertThat(new Account(5, 2).nextNonce()).isEqualTo(new Account(5, 3));
        assertThat(new Account(5, 2).credit(3).debit(8)).isEqualTo(new Account(0, 2));
    }

    @Test
    void networkParamsAreBounded() {
        assertThat(NetworkParams.DEFAULTS).isEqualTo(new NetworkParams(500, 3));
        new NetworkParams(0, 1);
        new NetworkParams(10_000, 100);
        refused(() -> new NetworkParams(-1, 3));
        refused(() -> new NetworkParams(10_001, 3));
        refused(() -> new NetworkParams(500, 0));
        refused(() -> new NetworkParams(500, 101));
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

        Job leased = queued.leasedTo(new Lease(P, 1, 900, 8)).withUsage(1_000);
        assertThat(leased.status()).isEqualTo(JobStatus.LEASED);
        assertThat(leased.attempts()).isEqualTo(1);
        assertThat(leased.isLeasedTo(P, 1)).isTrue();
        assertThat(leased.isLeasedTo(P, 2)).isFalse();
        assertThat(leased.isLeasedTo(Q, 1)).isFalse();
        assertThat(queued.isLeasedTo(P, 0)).isFalse();

        Job requeued = leased.released(false);
        assertThat(requeued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(requeued.attempts()).isEqualTo(1);
        assertThat(requeued.usageMillis()).as("unfinished work is not billed").isZero();
        assertThat(requeued.lease()).isEmpty();
        assertThat(requeued.isLeasedTo(P, 1)).isFalse();
        assertThat(leased.released(true).status()).isEqualTo(JobStatus.FAILED);

        Job again = requeued.leasedTo(new Lease(P, 2, 900, 9));
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.usageMillis()).isZero();
        Job completed = again.withUsage(30_000).completed(Hash.sha256());
        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.isLeasedTo(P, 2)).as("a completed job takes no more receipts").isFalse();
        var settlement = new Settlement(10, 9, 1, 490);
        assertThat(completed.settled(settlement).settlement()).contains(settlement);
        assertThat(completed.settled(settlement).status()).isEqualTo(JobStatus.SETTLED);
        assertThat(queued.cancelled().status()).isEqualTo(JobStatus.CANCELLED);
    }

    private static void refused(Executable construction) {
        assertThatThrownBy(construction::execute).isInstanceOf(IllegalArgumentException.class);
    }
}
