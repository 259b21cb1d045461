package dev.gridmint.core.transition;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.CC;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_GRID;
import static dev.gridmint.core.testing.LedgerFixture.gpuOffer;
import static dev.gridmint.core.testing.LedgerFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.GangMember;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.Seat;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Multi-node jobs (gangs) in the ledger: placed whole, billed per seat, a lost seat refunded and placed again. */
class GangLeaseTest {

    private static final Keypair PROVIDER_3 = TestKeys.of("provider-3");
    private static final Keypair PROVIDER_4 = TestKeys.of("provider-4");
    /** Three nodes of one device for up to an hour, at most 2 CC per device-hour. */
    private static final JobSpec GANG = spec(1, 3_600, 2 * CC).withNodes(3);

    private static LedgerFixture network(int maxAttempts) {
        var ledger = LedgerFixture.standardBuilder().fund(PROVIDER_3, PROVIDER_GRID).fund(PROVIDER_4, PROVIDER_GRID)
                .maxJobAttempts(maxAttempts).build().withPriceAndCredits();
        for (Keypair provider : List.of(PROVIDER_1, PROVIDER_2, PROVIDER_3, PROVIDER_4)) {
            ledger.register(provider, gpuOffer(4, CC));
        }
        return ledger;
    }

    private static AssignGang seats(Hash job, Keypair... providers) {
        return new AssignGang(job, java.util.stream.IntStream.range(0, providers.length)
                .mapToObj(i -> new Seat(i, providers[i].address())).toList());
    }

    @Test
    void aGangIsPlacedWholeOrNotAtAll() {
        var ledger = network(3);
        Hash job = ledger.submit(ALICE, GANG);
        assertThat(ledger.job(job).vacantSeats()).hasSize(3);

        assertThat(ledger.reject(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()))).isEqualTo(TxError.GANG_MISMATCH);
        assertThat(ledger.reject(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2))).isEqualTo(TxError.GANG_MISMATCH);
        assertThat(ledger.reject(ledger.coordinator(), new AssignGang(job, List.of(new Seat(0, PROVIDER_1.address()),
                new Seat(1, PROVIDER_2.address()), new Seat(2, TestKeys.of("nobody").address())))))
                .isEqualTo(TxError.UNKNOWN_PROVIDER);
        assertThat(ledger.reject(PROVIDER_1, seats(job, PROVIDER_1, PROVIDER_2, PROVIDER_3))).isEqualTo(TxError.UNAUTHORIZED);
        assertThat(ledger.job(job).status()).isEqualTo(JobStatus.QUEUED);

        ledger.apply(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2, PROVIDER_3));
        Job placed = ledger.job(job);
        assertThat(placed.status()).isEqualTo(JobStatus.LEASED);
        assertThat(placed.lease()).isEmpty();
        assertThat(placed.runningLeases()).extracting(Lease::attempt).containsExactly(1, 2, 3);
        assertThat(placed.runningLeases()).extracting(Lease::provider)
                .containsExactly(PROVIDER_1.address(), PROVIDER_2.address(), PROVIDER_3.address());
        assertThat(placed.isLeasedTo(PROVIDER_2.address(), 2)).isTrue();
        assertThat(placed.isLeasedTo(PROVIDER_2.address(), 1)).isFalse();
        assertThat(ledger.reject(ledger.coordinator(), seats(job, PROVIDER_4))).isEqualTo(TxError.GANG_MISMATCH);
        ledger.audit();
    }

    @Test
    void noDeviceIsLeasedTwice() {
        var ledger = network(3);
        Hash wide = ledger.submit(ALICE, spec(3, 3_600, 2 * CC).withNodes(2));
        assertThat(ledger.reject(ledger.coordinator(), seats(wide, PROVIDER_1, PROVIDER_1))).isEqualTo(TxError.CAPACITY_EXCEEDED);

        Hash fits = ledger.submit(ALICE, spec(2, 3_600, 2 * CC).withNodes(2));
        ledger.apply(ledger.coordinator(), seats(fits, PROVIDER_1, PROVIDER_1)); // 2 × 2 of its 4 devices
        Hash more = ledger.submit(ALICE, spec(1, 3_600, 2 * CC).withNodes(2));
        assertThat(ledger.reject(ledger.coordinator(), seats(more, PROVIDER_2, PROVIDER_1))).isEqualTo(TxError.CAPACITY_EXCEEDED);

        // A plain job's lease holds devices too.
        Hash plain = ledger.submit(ALICE, spec(4, 3_600, 2 * CC));
        ledger.apply(ledger.coordinator(), new AssignLease(plain, PROVIDER_2.address()));
        assertThat(ledger.reject(ledger.coordinator(), seats(more, PROVIDER_2, PROVIDER_3))).isEqualTo(TxError.CAPACITY_EXCEEDED);
        ledger.apply(ledger.coordinator(), seats(more, PROVIDER_3, PROVIDER_4));
    }

    @Test
    void aGangEscrowsForEveryNodeAndIsNeverAnAuction() {
        var ledger = network(3);
        JobSpec day = spec(1, 24 * 3600, CC).withNodes(4);
        long oneNodeRunway = Pricing.charge(CC, 1, 24 * 3600 * 1000L);
        assertThat(ledger.reject(ALICE, new SubmitJob(day, oneNodeRunway))).isEqualTo(TxError.ESCROW_TOO_LOW);
        ledger.apply(ALICE, new SubmitJob(day, 4 * oneNodeRunway));
        var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 60);
        assertThatThrownBy(() -> spec(1, 3_600, CC).withRequirements(auction).withNodes(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auction");
        assertThatThrownBy(() -> spec(1, 3_600, CC).withNodes(JobSpec.MAX_NODES + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLostMemberIsRefundedAndPlacedAgainWhileTheOthersRunOn() {
        var ledger = network(3);
        long creditsBefore = ledger.credits(ALICE);
        Hash job = ledger.submit(ALICE, GANG);
        long t0 = ledger.now();
        ledger.apply(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2, PROVIDER_3));
        ledger.advance(600);
        ledger.apply(PROVIDER_1, new UsageReceipt(job, 1, 600_000)); // bills every seat up to now
        long perSeat = Pricing.leaseCharge(CC, 1, 600);
        assertThat(ledger.job(job).charged()).isEqualTo(3 * perSeat);
        long stakeBefore = ledger.provider(PROVIDER_2).bonded();

        // Provider 2 was last seen 300 s in: what was billed for its seat after that goes back to the escrow.
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 2, "provider lost", t0 + 300));
        Job afterLoss = ledger.job(job);
        long refund = afterLoss.deposited() - GANG.worstCaseCost();
        assertThat(refund).isEqualTo(perSeat - Pricing.leaseCharge(CC, 1, 300));
        assertThat(ledger.provider(PROVIDER_2).bonded()).isLessThan(stakeBefore);
        assertThat(afterLoss.status()).isEqualTo(JobStatus.LEASED);
        assertThat(afterLoss.vacantSeats()).extracting(GangMember::index).containsExactly(1);
        assertThat(afterLoss.runningLeases()).extracting(Lease::attempt).containsExactly(1, 3);
        assertThat(ledger.reject(PROVIDER_2, new UsageReceipt(job, 2, 700_000))).isEqualTo(TxError.NOT_LEASE_HOLDER);

        ledger.apply(ledger.coordinator(), new AssignGang(job, List.of(new Seat(1, PROVIDER_4.address()))));
        assertThat(ledger.job(job).runningLeases()).extracting(Lease::attempt).containsExactly(1, 4, 3);
        ledger.advance(600);
        ledger.apply(PROVIDER_1, new CompleteJob(job, 1, Hash.sha256(new byte[] {0})));
        ledger.apply(PROVIDER_3, new CompleteJob(job, 3, Hash.sha256(new byte[] {2})));
        assertThat(ledger.job(job).status()).isEqualTo(JobStatus.LEASED);
        ledger.apply(PROVIDER_4, new CompleteJob(job, 4, Hash.sha256(new byte[] {1})));
        Job done = ledger.job(job);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.resultHash()).contains(Hash.sha256(new byte[] {0}));
        ledger.apply(ledger.coordinator(), new SettleJob(job));

        // The tenant pays each seat's served time once: 1,200 s on two seats, 300 s of the lost one, 600 s of its successor.
        long served = 2 * Pricing.leaseCharge(CC, 1, 1_200) + Pricing.leaseCharge(CC, 1, 300) + Pricing.leaseCharge(CC, 1, 600);
        assertThat(creditsBefore - ledger.credits(ALICE)).isEqualTo(served);
        assertThat(ledger.job(job).settlement().orElseThrow().charged()).isEqualTo(served + refund);
        ledger.audit();
    }

    @Test
    void aSeatOutOfAttemptsFailsTheGang() {
        var ledger = network(2);
        long creditsBefore = ledger.credits(ALICE);
        Hash job = ledger.submit(ALICE, GANG.withNodes(2));
        ledger.apply(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2));
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 1, "lost", 0));
        ledger.apply(ledger.coordinator(), new AssignGang(job, List.of(new Seat(0, PROVIDER_3.address()))));
        ledger.advance(360);
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 3, "lost again", 0));
        Job failed = ledger.job(job);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        // Provider 2's seat ran on for 360 s and is paid; provider 3's seat, lost at once, is billed 360 s too.
        long billed = 2 * Pricing.leaseCharge(CC, 1, 360);
        assertThat(creditsBefore - ledger.credits(ALICE)).isEqualTo(billed);
        ledger.audit();
    }

    @Test
    void aGangThatLosesEveryMemberQueuesAgainAndCanBeCancelled() {
        var ledger = network(3);
        Hash job = ledger.submit(ALICE, GANG.withNodes(2));
        ledger.apply(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2));
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 1, "lost", 0));
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 2, "lost", 0));
        assertThat(ledger.job(job).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(ledger.job(job).attempts()).isEqualTo(2);
        ledger.apply(ALICE, new CancelJob(job));
        assertThat(ledger.job(job).status()).isEqualTo(JobStatus.CANCELLED);
        ledger.audit();
    }

    @Test
    void gangsEncodeAndReplayToTheSameRoot() {
        var ledger = network(3);
        Hash job = ledger.submit(ALICE, GANG);
        ledger.apply(ledger.coordinator(), seats(job, PROVIDER_1, PROVIDER_2, PROVIDER_3));
        ledger.advance(120);
        ledger.apply(PROVIDER_2, new UsageReceipt(job, 2, 100_000));
        ledger.apply(PROVIDER_3, new CompleteJob(job, 3, Hash.sha256(new byte[] {3})));
        ledger.apply(ledger.coordinator(), new ReleaseLease(job, 1, "lost", 0));

        byte[] snapshot = StateCodec.encode(ledger.state());
        assertThat(StateCodec.decode(snapshot)).isEqualTo(ledger.state());
        assertThat(LedgerFixture.replay(ledger.log()).root()).isEqualTo(ledger.state().root());
        for (var tx : ledger.log()) {
            assertThat(TxCodec.decode(tx.encode())).isEqualTo(tx);
        }
    }

    @Test
    void aGangSubmissionHasOneEncoding() {
        byte[] bytes = TxCodec.encodePayload(new SubmitJob(GANG, 6 * CC));
        assertThat(bytes[0]).isEqualTo((byte) 39);
        assertThat(TxCodec.decodePayload(bytes)).isEqualTo(new SubmitJob(GANG, 6 * CC));
        bytes[bytes.length - 9] = 1; // nodes 3 -> 1: a plain job has its own tags
        assertThatThrownBy(() -> TxCodec.decodePayload(bytes)).isInstanceOf(DecodeException.class);
        byte[] plain = TxCodec.encodePayload(new SubmitJob(GANG.withNodes(1), 6 * CC));
        assertThat(plain[0]).isEqualTo((byte) 4);

        byte[] assign = TxCodec.encodePayload(new AssignGang(Hash.sha256(new byte[0]),
                List.of(new Seat(0, PROVIDER_1.address()), new Seat(2, PROVIDER_2.address()))));
        assertThat(assign[0]).isEqualTo((byte) 40);
        assertThat(TxCodec.decodePayload(assign)).isInstanceOf(AssignGang.class);
        assertThatThrownBy(() -> new AssignGang(Hash.sha256(new byte[0]),
                List.of(new Seat(1, PROVIDER_1.address()), new Seat(1, PROVIDER_2.address()))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
