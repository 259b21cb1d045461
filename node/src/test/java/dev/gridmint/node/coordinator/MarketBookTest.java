package dev.gridmint.node.coordinator;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.CC;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static dev.gridmint.core.testing.LedgerFixture.gpuOffer;
import static dev.gridmint.core.testing.LedgerFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.market.auction.Bid;
import dev.gridmint.market.auction.BidResult;
import dev.gridmint.market.matching.Refusal.Code;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.market.ledger.FromLedger;
import dev.gridmint.market.matching.MatchResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The coordinator's order book against a real ledger, without the network. */
class MarketBookTest {

    @Test
    void aLeaseStandingInTheLedgerIsRebuiltAndOffersFollowLiveness() {
        var ledger = LedgerFixture.standard();
        ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
        ledger.register(PROVIDER_2, gpuOffer(1, CC));
        Hash job = ledger.submit(ALICE, spec(2, 3_600, 3 * CC), 6 * CC);
        ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));

        // After a restart nobody is online: provider 1 stays listed for the lease it holds, unavailable for new work.
        var book = new MarketBook(300);
        book.rebuild(ledger.state(), historyOf(ledger));
        book.startPass(ledger.state().now());
        book.syncOffers(ledger.state(), Set.of());
        assertThat(book.leaseOf(job)).hasValueSatisfying(lease -> {
            assertThat(lease.grants().getFirst().provider()).isEqualTo(PROVIDER_1.address());
            assertThat(lease.grants().getFirst().gpus()).isEqualTo(2);
            assertThat(lease.grants().getFirst().pricePerGpuHour()).isEqualTo(2 * CC);
            // As matched: from the ledger lease's start, so it ends when it would have.
            assertThat(lease.start()).isEqualTo(ledger.state().job(job).orElseThrow().lease().orElseThrow().startedAt());
        });
        // The price index comes back from the history, with the lease's price recorded once.
        String model = FromLedger.offer(ledger.state().provider(PROVIDER_1.address()).orElseThrow()).hardware().gpu().name();
        assertThat(book.market().priceIndex().median(model, ledger.state().now())).contains(2 * CC);
        assertThat(book.market().priceIndex().history(model, ledger.state().now() + 3_600))
                .singleElement().satisfies(point -> assertThat(point.matches()).isEqualTo(1));
        assertThat(book.unavailableOffers()).containsExactly(FromLedger.offerId(PROVIDER_1.address()));
        assertThat(book.isListed(PROVIDER_2.address())).isFalse();

        // Both back online: both listed, 2 of provider 1's GPUs free.
        book.syncOffers(ledger.state(), Set.of(PROVIDER_1.address(), PROVIDER_2.address()));
        assertThat(book.unavailableOffers()).isEmpty();
        assertThat(book.market().capacity().node(FromLedger.offerId(PROVIDER_1.address())).free()).isEqualTo(2);
        assertThat(book.isListed(PROVIDER_2.address())).isTrue();
    }

    @Test
    void anEventCarryingAnOlderLedgerTimeThanThePassDoesNotTurnTheMarketsClockBack() {
        var ledger = LedgerFixture.standard();
        ledger.register(PROVIDER_2, gpuOffer(1, CC));
        Hash job = ledger.submit(ALICE, spec(1, 600, 3 * CC), 6 * CC);
        var book = new MarketBook(300);
        long now = ledger.state().now();
        book.startPass(now + 10);
        book.syncOffers(ledger.state(), Set.of(PROVIDER_2.address()));
        assertThat(book.place(ledger.state().job(job).orElseThrow(), now + 10, Set.of())).isInstanceOf(MatchResult.Matched.class);

        book.jobLeaseEnded(job, now); // queued before the pass, run after it

        assertThat(book.leaseOf(job)).isEmpty();
        assertThat(book.market().capacity().node(FromLedger.offerId(PROVIDER_2.address())).free()).isEqualTo(1);
    }

    @Test
    void ownBidsComeBackFromTheLogAndAClosedWindowTakesNoMore() {
        var ledger = LedgerFixture.standard();
        ledger.register(PROVIDER_1, gpuOffer(4, 2 * CC));
        ledger.register(PROVIDER_2, gpuOffer(4, 2 * CC));
        var auction = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 60);
        Hash id = ledger.submit(ALICE, spec(2, 3_600, 3 * CC).withRequirements(auction), 12 * CC);
        ledger.apply(PROVIDER_1, new PlaceBid(id, CC));
        ledger.apply(PROVIDER_1, new PlaceBid(id, 900_000));
        Job job = ledger.state().job(id).orElseThrow();
        long now = ledger.state().now();

        // A restarted book: the log's last bid of provider 1 goes into the window its first pass opens.
        var book = new MarketBook(300);
        book.rebuild(ledger.state(), historyOf(ledger));
        assertThat(book.checkOwnBid(job, PROVIDER_2.address(), CC, now)).as("no auction before a pass")
                .isInstanceOfSatisfying(BidResult.Refused.class, r -> assertThat(r.refusal().code()).isEqualTo(Code.UNKNOWN_ORDER));
        book.startPass(now);
        book.syncOffers(ledger.state(), Set.of(PROVIDER_1.address(), PROVIDER_2.address()));
        book.place(job, now, Set.of());
        assertThat(book.auctionOf(job.submittedAtHeight()).orElseThrow().bids())
                .extracting(Bid::provider, Bid::pricePerGpuHour, Bid::auto)
                .containsExactlyInAnyOrder(tuple(PROVIDER_1.address(), 900_000L, false), tuple(PROVIDER_2.address(), 2 * CC, true));
        assertThat(book.auctionOf(job.submittedAtHeight()).orElseThrow().openedAt()).as("the window runs from the submission").isEqualTo(now);

        assertThat(book.checkOwnBid(job, PROVIDER_2.address(), CC, now + 59)).isInstanceOf(BidResult.Placed.class);
        assertThat(book.checkOwnBid(job, PROVIDER_2.address(), CC, now + 60))
                .isInstanceOfSatisfying(BidResult.Refused.class, r -> assertThat(r.refusal().code()).isEqualTo(Code.AUCTION_CLOSED));
    }

    @Test
    void aGangIsBookedWholeOrNotAtAllAndALostSeatFreesOnlyItsNode() {
        var ledger = LedgerFixture.standardBuilder().fund(PROVIDER_3, LedgerFixture.PROVIDER_GRID).build().withPriceAndCredits();
        ledger.register(PROVIDER_1, gpuOffer(1, CC));
        ledger.register(PROVIDER_2, gpuOffer(1, CC));
        Hash gang = ledger.submit(ALICE, spec(1, 600, 3 * CC).withNodes(3));
        var book = new MarketBook(300);
        long now = ledger.state().now();
        book.startPass(now);
        book.syncOffers(ledger.state(), Set.of(PROVIDER_1.address(), PROVIDER_2.address()));

        // Two one-device nodes cannot hold three seats: nothing is held, the order waits whole.
        assertThat(book.placeSeats(ledger.state().job(gang).orElseThrow(), now, Set.of())).isEmpty();
        assertThat(book.openOrders()).singleElement().satisfies(open -> assertThat(open.order().nodes()).isEqualTo(3));
        assertThat(book.leases()).isEmpty();

        ledger.register(PROVIDER_3, gpuOffer(1, CC));
        book.startPass(now);
        book.syncOffers(ledger.state(), Set.of(PROVIDER_1.address(), PROVIDER_2.address(), PROVIDER_3.address()));
        var placed = book.placeSeats(ledger.state().job(gang).orElseThrow(), now, Set.of()).orElseThrow();
        assertThat(placed.members()).containsExactly(0, 1, 2);
        assertThat(placed.grants()).extracting(g -> g.provider())
                .containsExactlyInAnyOrder(PROVIDER_1.address(), PROVIDER_2.address(), PROVIDER_3.address());
        assertThat(book.leases()).hasSize(3).allSatisfy(lease -> assertThat(book.jobOf(lease.id())).contains(gang));

        // Seat 1 is lost: only its node is free again; the job's end frees the rest.
        var lost = placed.grants().get(1).provider();
        book.seatsEnded(gang, List.of(1), now);
        assertThat(book.leases()).hasSize(2);
        assertThat(book.market().capacity().node(FromLedger.offerId(lost)).free()).isEqualTo(1);
        book.jobLeaseEnded(gang, now);
        assertThat(book.leases()).isEmpty();
    }

    @Test
    void aLeasedGangsRunningSeatsAreRebuiltAfterARestart() {
        var ledger = LedgerFixture.standardBuilder().fund(PROVIDER_3, LedgerFixture.PROVIDER_GRID).build().withPriceAndCredits();
        for (var provider : List.of(PROVIDER_1, PROVIDER_2, PROVIDER_3)) {
            ledger.register(provider, gpuOffer(1, CC));
        }
        Hash gang = ledger.submit(ALICE, spec(1, 600, 3 * CC).withNodes(3));
        ledger.apply(ledger.coordinator(), new dev.gridmint.core.tx.TxPayload.AssignGang(gang, List.of(
                new dev.gridmint.core.tx.TxPayload.Seat(0, PROVIDER_1.address()),
                new dev.gridmint.core.tx.TxPayload.Seat(1, PROVIDER_2.address()),
                new dev.gridmint.core.tx.TxPayload.Seat(2, PROVIDER_3.address()))));
        ledger.apply(ledger.coordinator(), new dev.gridmint.core.tx.TxPayload.ReleaseLease(gang, 2, "lost", 0));

        var book = new MarketBook(300);
        book.rebuild(ledger.state(), (from, each) -> { });
        // Seats 0 and 2 run on: each is booked on its node; seat 1 is vacant and holds nothing.
        assertThat(book.leases()).hasSize(2).allSatisfy(lease -> assertThat(book.jobOf(lease.id())).contains(gang));
        assertThat(book.leases()).extracting(lease -> book.seatOf(lease.id()).orElseThrow().member()).containsExactlyInAnyOrder(0, 2);
        assertThat(book.isListed(PROVIDER_2.address())).isFalse(); // nothing of its left in the book
    }

    private static final dev.gridmint.core.crypto.Keypair PROVIDER_3 = dev.gridmint.core.testing.TestKeys.of("provider-3");

    /** The fixture's log replayed from the start, each transaction with the states around it, as the coordinator walks its store. */
    private static MarketBook.History historyOf(LedgerFixture ledger) {
        return (toHeight, each) -> {
            LedgerState state = LedgerState.empty();
            for (SignedTx tx : ledger.log()) {
                if (state.height() >= toHeight) {
                    return;
                }
                LedgerState after = ((ApplyResult.Applied) StateTransition.apply(state, tx)).state();
                each.onApplied(tx, state, after);
                state = after;
            }
        };
    }
}
