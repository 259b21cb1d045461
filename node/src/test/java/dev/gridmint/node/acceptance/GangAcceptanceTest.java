package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.Seat;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.Tenant;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.MarketViews.OrderView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.MemberView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node gang on real agents: it waits, whole, while only two providers are up, and is placed on three at once
 * when a third registers. When one member's provider is lost mid-lease, that member alone is refunded for the time
 * after it was last seen and placed again on a fourth provider, while the other two run on under their own leases;
 * the job completes when every member has, and the tenant is billed once for each second each member was served.
 */
class GangAcceptanceTest {

    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONG_WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void aGangIsPlacedWholeAndALostMemberAloneMoves() {
        try (var network = TestNetwork.builder().providerTimeout(PROVIDER_TIMEOUT).start(dir)) {
            var p1 = network.provider("p-one").start(1 * CC);
            var p2 = network.provider("p-two").start(1 * CC);
            // Long enough that the members still run when one is lost, on a quiet machine too.
            JobSpec gang = Tenant.training(1_500, 50).withNodes(3);
            JobHandle job = network.tenant("alice").submits(gang);

            // Two providers cannot hold three nodes: the order stays open, whole, and nothing is held or leased.
            OrderView open = Eventually.await("the gang's open order", TestNetwork.DEFAULT_WAIT,
                    () -> network.client().marketOrders(0, 100).stream()
                            .filter(o -> job.id().hex().equals(o.jobId()) && o.status().equals("OPEN")).findFirst().orElse(null),
                    o -> o != null);
            assertThat(open.nodes()).isEqualTo(3);
            assertThat(job.view().status()).isEqualTo("QUEUED");
            assertThat(job.view().members()).extracting(MemberView::state).containsOnly("VACANT");
            assertThat(network.transactions(AssignGang.class)).isEmpty();
            assertThat(network.transactions(AssignLease.class)).isEmpty();
            assertThat(network.client().marketOffers(0, 100)).allSatisfy(offer -> assertThat(offer.freeDevices()).isEqualTo(1));

            // A third provider registers: the gang is placed on all three at once.
            var p3 = network.provider("p-three").start(1 * CC);
            JobView placed = job.awaitStatus("LEASED", TestNetwork.DEFAULT_WAIT);
            assertThat(placed.nodes()).isEqualTo(3);
            assertThat(placed.members()).extracting(MemberView::state).containsOnly("RUNNING");
            List<AssignGang> assignments = network.transactions(AssignGang.class);
            assertThat(assignments).singleElement().satisfies(assign -> {
                assertThat(assign.seats()).extracting(Seat::member).containsExactly(0, 1, 2);
                assertThat(assign.seats()).extracting(Seat::provider)
                        .containsExactlyInAnyOrder(p1.address(), p2.address(), p3.address());
            });
            Map<Address, Integer> seatOf = new HashMap<>();
            assignments.getFirst().seats().forEach(seat -> seatOf.put(seat.provider(), seat.member()));
            var p4 = network.provider("p-four").start(1 * CC);

            // The member on p-two is lost mid-lease, once it has shown progress.
            Eventually.await("progress from the gang", LONG_WAIT, job::view, view -> view.telemetry() != null && view.telemetry().step() > 0);
            int lostSeat = seatOf.get(p2.address());
            int lostAttempt = placed.members().get(lostSeat).lease().attempt();
            p2.goesOffline();
            p2.awaitLost(Duration.ofSeconds(20));

            // Only that seat moves, never back to the provider that lost it: to p-four, which was free (or, on a fast
            // machine, to a provider whose own seat has finished meanwhile); the others keep their leases.
            JobView moved = Eventually.await("the lost seat to be placed again", LONG_WAIT, job::view,
                    view -> !view.members().get(lostSeat).state().equals("VACANT")
                            && view.members().get(lostSeat).lease().attempt() != lostAttempt);
            Address movedTo = Address.parse(moved.members().get(lostSeat).lease().provider());
            assertThat(movedTo).isNotEqualTo(p2.address()).isIn(p1.address(), p3.address(), p4.address());
            for (int seat = 0; seat < 3; seat++) {
                if (seat != lostSeat) {
                    assertThat(moved.members().get(seat).lease().attempt()).isEqualTo(placed.members().get(seat).lease().attempt());
                }
            }
            assertThat(network.transactions(AssignGang.class)).hasSize(2).last()
                    .isEqualTo(new AssignGang(job.id(), List.of(new Seat(lostSeat, movedTo))));
            assertThat(network.transactions(ReleaseLease.class)).singleElement().satisfies(release -> {
                assertThat(release.attempt()).isEqualTo(lostAttempt);
                assertThat(release.downSince()).isPositive();
            });

            JobView settled = job.awaitStatus("SETTLED", LONG_WAIT);
            assertThat(settled.members()).extracting(MemberView::state).containsOnly("DONE");
            assertThat(network.transactions(SettleJob.class)).containsExactly(new SettleJob(job.id()));
            int newAttempt = settled.members().get(lostSeat).lease().attempt();
            assertThat(network.transactions(CompleteJob.class)).extracting(CompleteJob::attempt)
                    .doesNotContain(lostAttempt).contains(newAttempt);
            assertThat(network.transactions(UsageReceipt.class)).extracting(UsageReceipt::attempt).doesNotContain(0);

            // Billed once: each lease for its own seconds at its own price; the lost one only up to when it was last
            // seen, what was billed after that refunded out of its provider's stake.
            SeatBills bills = seatBills(network, job);
            assertThat(bills.charged().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(settled.charged());
            for (MemberView member : settled.members()) {
                var lease = member.lease();
                assertThat(bills.charged().get(lease.attempt())).isEqualTo(lease.billed())
                        .isEqualTo(Pricing.leaseCharge(1 * CC, 1, lease.settledAt() - lease.startedAt()));
            }
            ReleaseLease release = network.transactions(ReleaseLease.class).getFirst();
            long lostStart = bills.startedAt().get(lostAttempt);
            long served = Math.max(release.downSince(), lostStart) - lostStart;
            long refunded = bills.refunded().getOrDefault(lostAttempt, 0L);
            assertThat(bills.charged().get(lostAttempt) - refunded).isEqualTo(Pricing.leaseCharge(1 * CC, 1, served));
            assertThat(settled.deposited()).isEqualTo(job.escrow() + refunded);
            assertThat(network.account("alice").credits()).isEqualTo(job.escrow() + refunded - settled.charged());

            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    /** Per lease attempt: credits billed, refunded to the escrow, and when it started, from the stored log. */
    private record SeatBills(Map<Integer, Long> charged, Map<Integer, Long> refunded, Map<Integer, Long> startedAt) {}

    /**
     * Replays the stored log and puts each change of the job's charges on the lease it billed: a release bills (and
     * refunds) only the released lease; anything else bills the running leases, each by the growth of its own total.
     */
    private static SeatBills seatBills(TestNetwork network, JobHandle handle) {
        Map<Integer, Long> charged = new HashMap<>();
        Map<Integer, Long> refunded = new HashMap<>();
        Map<Integer, Long> startedAt = new HashMap<>();
        LedgerState state = LedgerState.empty();
        for (SignedTx tx : network.transactions()) {
            LedgerState next = LedgerFixture.applyOrFail(state, tx);
            var before = state.job(handle.id());
            var after = next.job(handle.id());
            state = next;
            if (after.isEmpty()) {
                continue;
            }
            after.get().leases().forEach(lease -> startedAt.putIfAbsent(lease.attempt(), lease.startedAt()));
            if (before.isEmpty()) {
                continue;
            }
            Job was = before.get();
            Job is = after.get();
            if (tx.payload() instanceof ReleaseLease release && release.jobId().equals(handle.id())) {
                charged.merge(release.attempt(), is.charged() - was.charged(), Long::sum);
                refunded.merge(release.attempt(), is.deposited() - was.deposited(), Long::sum);
                continue;
            }
            for (Lease lease : was.runningLeases()) {
                long now = is.leases().stream().filter(l -> l.attempt() == lease.attempt()).mapToLong(Lease::billed).findFirst()
                        .orElse(lease.billed());
                charged.merge(lease.attempt(), now - lease.billed(), Long::sum);
            }
        }
        return new SeatBills(charged, refunded, startedAt);
    }
}
