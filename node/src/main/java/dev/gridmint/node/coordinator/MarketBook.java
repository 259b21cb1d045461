package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.AwardBid;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.market.auction.Auction;
import dev.gridmint.market.auction.AuctionHouse;
import dev.gridmint.market.auction.BidResult;
import dev.gridmint.market.auction.Pick;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.ledger.FromLedger;
import dev.gridmint.market.matching.Lease;
import dev.gridmint.market.matching.Market;
import dev.gridmint.market.matching.MarketConfig;
import dev.gridmint.market.matching.MarketEvent;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.market.matching.Outcome;
import dev.gridmint.market.order.Order;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's order book: the market engine fed from the ledger and from liveness. It lives
 * in memory only; the ledger stays the record of who holds which lease, and the book is rebuilt from
 * it at start ({@link #rebuild}). Only the scheduler's thread touches it.
 *
 * <ul>
 *   <li>Offers follow liveness: at every placement pass ({@link #syncOffers}) a registered provider
 *       that is online and staked is listed with its current ledger offer and reputation, and one that is not is
 *       withdrawn once idle. One that is not but still holds a lease stays listed, and is excluded
 *       from new matches ({@link #unavailableOffers}).</li>
 *   <li>Reputation follows the ledger: the checkers' verdicts move it at each epoch close, and the next
 *       pass gives the book the new figure, which instant matching scores on and reputation minimums filter by.</li>
 *   <li>Orders follow jobs: a queued job is submitted as an order on every pass until it matches
 *       ({@link #place}); its lease ends in the book when the ledger's lease ends ({@link #jobLeaseEnded}).</li>
 * </ul>
 *
 * <p>A job's order id is the ledger height of its {@code SubmitJob}: unique, and the same after a restart.
 * A reserved job that finds no free node may reclaim spot capacity: the spot jobs get the notice,
 * and when it runs out the scheduler releases them in the ledger and leases the node to the
 * reserved job ({@link #reclaimed}, {@link #startedAfterReclaim}).
 */
final class MarketBook {

    private static final Logger LOG = LoggerFactory.getLogger(MarketBook.class);

    /** An order not matched (yet): when it was last tried, or, waiting out a reclaim, the notice's deadline (ledger seconds). */
    record OpenOrder(Hash job, Order order, long at) {}

    /** A reserved job whose lease started on GPUs reclaimed from spot leases. */
    record Started(Hash job, Lease lease) {}

    /** One seat of a gang in the book: its own single-node market lease. */
    record SeatRef(Hash job, int member) {}

    /** A gang's vacant seats, matched: {@code grants.get(i)} takes seat {@code members.get(i)}. */
    record SeatsPlaced(List<Integer> members, List<dev.gridmint.market.matching.Grant> grants) {}

    /**
     * The ledger's history up to the state the book is rebuilt on, in order, each transaction with the
     * states around it: where the book finds what only the history holds (matched prices and their
     * times for the price index, providers' own bids and when they were made, when auctions opened).
     */
    @FunctionalInterface
    interface History {
        void forEach(long toHeight, Sequencer.Listener each);
    }

    /** A provider's own bid, as the log holds it: its price and the ledger second it was placed. */
    record OwnBid(long price, long at) {}

    /** Bids per auction at most (Akash's order_max_bids). */
    static final int MAX_BIDS = 16;

    private final Market market;
    /** Reverse auctions for jobs put to auction. */
    private final AuctionHouse auctions;
    /** The ledger offer each listed provider is listed with. */
    private final Map<Address, HardwareOffer> listed = new HashMap<>();
    private final Set<Address> unavailable = new HashSet<>();
    private final Map<Long, Hash> jobByOrder = new HashMap<>();
    private final Map<Hash, Long> orderByJob = new HashMap<>();
    private final TreeMap<Long, OpenOrder> open = new TreeMap<>();
    /** The latest ledger second the book has seen: events queued earlier may carry an older one. */
    private long clock;
    /** Reserved jobs waiting out a reclaim notice, by order id, with the notice's deadline. */
    private final TreeMap<Long, Hash> reclaiming = new TreeMap<>();
    private final Map<Long, Long> reclaimDeadline = new HashMap<>();
    private final Map<Long, Order> reclaimingOrders = new HashMap<>();
    /**
     * Providers' own bids ({@code PlaceBid}) by auctioned order id, by provider, until the job is
     * leased or cancelled: every pass puts those not standing into the open auction, so a new
     * window, a provider that reconnects, and a book rebuilt after a restart all take them again.
     */
    private final Map<Long, Map<Address, OwnBid>> ownBids = new HashMap<>();
    /**
     * When each job put to auction was submitted (ledger seconds), by order id, until its auction
     * opens: the first window opens then, so a book rebuilt after a restart opens the same window.
     */
    private final Map<Long, Long> submittedAt = new HashMap<>();
    /**
     * Gangs are matched whole (the market's gang rule), then every seat is booked as its own single-node lease, so a
     * lost member's node is freed and its seat placed again while the others' stay held. Seat leases take ids from
     * {@link #SEAT_IDS} up, which no ledger height reaches.
     */
    private final Map<Long, SeatRef> seatByOrder = new HashMap<>();
    private final Map<Hash, Map<Integer, Long>> seatOrders = new HashMap<>();
    private static final long SEAT_IDS = 1L << 62;
    private long nextSeatId = SEAT_IDS;

    /** @param reclaimNoticeSeconds how long spot leases run on once a reserved job claims their node; negative: no reclaim */
    MarketBook(long reclaimNoticeSeconds) {
        market = new Market(MarketConfig.DEFAULT.withReclaimNotice(reclaimNoticeSeconds));
        auctions = new AuctionHouse(market, MAX_BIDS);
    }

    Market market() {
        return market;
    }

    /**
     * The time to give the market for ledger second {@code now}: never earlier than one already
     * given, since the market refuses a clock that goes back, and an event queued before a pass
     * may carry a ledger time older than the pass's.
     */
    long at(long now) {
        clock = Math.max(clock, now);
        return clock;
    }

    boolean isListed(Address provider) {
        return listed.containsKey(provider);
    }

    Collection<OpenOrder> openOrders() {
        return open.values();
    }

    /** The job an order (or lease) is for: a plain job's, or the gang whose seat it books. */
    Optional<Hash> jobOf(long orderId) {
        Hash job = jobByOrder.get(orderId);
        return job != null ? Optional.of(job) : seatOf(orderId).map(SeatRef::job);
    }

    /**
     * After a restart: the price index is rebuilt from every lease in the ledger's history, at its
     * price and start; leases standing in the ledger go back into the book as they were matched (same
     * start and end); providers' own bids for jobs still queued at auction, and when those jobs were
     * submitted, come back from the history.
     */
    void rebuild(LedgerState state, History history) {
        long now = at(state.now());
        restoreHistory(state, history);
        for (Job job : state.jobs().values()) {
            if (job.status() != JobStatus.LEASED) {
                continue;
            }
            if (job.spec().isGang()) {
                rebuildSeats(state, job, now);
                continue;
            }
            var lease = job.lease().orElseThrow();
            Optional<Provider> provider = state.provider(lease.provider());
            if (provider.isEmpty() || (!listed.containsKey(lease.provider()) && !list(provider.get()))) {
                continue;
            }
            Order order = orderOf(job, job.spec().maxSeconds());
            var result = market.reinstate(order, FromLedger.offerId(lease.provider()), lease.pricePerDeviceHour(),
                    Math.min(lease.startedAt(), now), now);
            if (result instanceof MatchResult.Matched) {
                remember(job.id(), order.id());
            } else {
                LOG.warn("job {}: its standing lease does not fit the book again: {}", job.id().shortHex(), result);
            }
        }
    }

    /** A leased gang's running seats go back into the book, each on its provider at its lease's price. */
    private void rebuildSeats(LedgerState state, Job job, long now) {
        for (var seat : job.members()) {
            if (!seat.isRunning()) {
                continue;
            }
            var lease = seat.lease().orElseThrow();
            Optional<Provider> provider = state.provider(lease.provider());
            if (provider.isEmpty() || (!listed.containsKey(lease.provider()) && !list(provider.get()))) {
                continue;
            }
            long left = job.spec().maxSeconds() - Math.max(0, now - lease.startedAt());
            if (!bookSeat(job, seat.index(), FromLedger.offerId(lease.provider()), lease.pricePerDeviceHour(), left, now)) {
                LOG.warn("job {}: the standing lease of seat {} does not fit the book again", job.id().shortHex(), seat.index());
            }
        }
    }

    /**
     * Matches a gang's vacant seats at once (all of them for a queued gang, a lost member's for a running one) with
     * the market's gang rule, which prefers one provider, then one region; several seats may span regions when no
     * region holds them all. Nothing is held unless every seat is placed: each placed seat is then booked as its own
     * lease. Empty while capacity is short: the gang waits, whole, for the next pass.
     */
    Optional<SeatsPlaced> placeSeats(Job job, long ledgerNow, Set<Long> excluded) {
        long now = at(ledgerNow);
        List<Integer> vacant = job.vacantSeats().stream().map(seat -> seat.index()).toList();
        if (vacant.isEmpty() || !FromLedger.placeable(job.spec())) {
            return Optional.empty();
        }
        Order order = FromLedger.gangOrder(job.submittedAtHeight(), job.tenant(), job.spec(), vacant.size());
        MatchResult result = market.submit(order, now, excluded);
        if (!(result instanceof MatchResult.Matched matched)) {
            if (result instanceof MatchResult.Refused refused) {
                LOG.warn("job {}: the book refused its gang order: {}", job.id().shortHex(), refused.refusal());
            } else {
                open.put(order.id(), new OpenOrder(job.id(), order, now));
            }
            return Optional.empty();
        }
        List<dev.gridmint.market.matching.Grant> grants = matched.lease().grants();
        market.cancel(order.id(), now); // the whole gang was free: now each seat holds its node on its own
        for (int i = 0; i < grants.size(); i++) {
            var grant = grants.get(i);
            if (!bookSeat(job, vacant.get(i), grant.offerId(), grant.pricePerGpuHour(), job.spec().maxSeconds(), now)) {
                seatsEnded(job.id(), vacant, now);
                LOG.warn("job {}: a gang seat could not be booked on the node it was matched to", job.id().shortHex());
                return Optional.empty();
            }
        }
        return Optional.of(new SeatsPlaced(vacant, grants));
    }

    private boolean bookSeat(Job job, int member, long offerId, long price, long termSeconds, long now) {
        long id = nextSeatId++;
        Order seat = FromLedger.seatOrder(id, job.tenant(), job.spec(), termSeconds);
        if (!(market.placeOn(seat, offerId, price, now) instanceof MatchResult.Matched)) {
            return false;
        }
        seatByOrder.put(id, new SeatRef(job.id(), member));
        seatOrders.computeIfAbsent(job.id(), j -> new HashMap<>()).put(member, id);
        return true;
    }

    /** These seats of the gang ended in the ledger (lost, done) or were never sent: their nodes go back. */
    void seatsEnded(Hash job, List<Integer> members, long now) {
        Map<Integer, Long> seats = seatOrders.get(job);
        if (seats == null) {
            return;
        }
        for (int member : members) {
            Long id = seats.remove(member);
            if (id != null) {
                seatByOrder.remove(id);
                market.cancel(id, at(now));
            }
        }
        if (seats.isEmpty()) {
            seatOrders.remove(job);
        }
    }

    /**
     * Starts a placement pass at ledger time {@code now}: ends leases whose term ran out (the
     * ledger's own lease ends when its job does) and spot leases whose reclaim notice ran out, and
     * forgets the last pass's open orders, since every queued job is submitted again. Returns the
     * market's events, for {@link #reclaimed}.
     */
    List<MarketEvent> startPass(long ledgerNow) {
        long now = at(ledgerNow);
        open.clear();
        return market.advance(now);
    }

    /**
     * A spot lease ended by reclaim: the job it held, whose ledger lease the scheduler now releases.
     * The book forgets the job at once, so the release arriving later cannot cancel its next lease.
     */
    Optional<Hash> reclaimed(MarketEvent event) {
        if (event instanceof MarketEvent.LeaseEnded ended && ended.reason() == MarketEvent.EndReason.RECLAIMED) {
            Hash job = jobByOrder.remove(ended.leaseId());
            if (job != null) {
                orderByJob.remove(job);
            }
            return Optional.ofNullable(job);
        }
        return Optional.empty();
    }

    /** Reserved jobs whose reclaimed GPUs are all theirs now (the notice ran out, or the spot jobs left first). */
    List<Started> startedAfterReclaim() {
        List<Started> started = new java.util.ArrayList<>();
        for (var entry : List.copyOf(reclaiming.entrySet())) {
            market.lease(entry.getKey()).ifPresent(lease -> {
                reclaiming.remove(entry.getKey());
                reclaimDeadline.remove(entry.getKey());
                reclaimingOrders.remove(entry.getKey());
                remember(entry.getValue(), entry.getKey());
                started.add(new Started(entry.getValue(), lease));
            });
        }
        return started;
    }

    boolean isReclaiming(Hash job) {
        return reclaiming.containsValue(job);
    }

    /** Reserved orders waiting out a reclaim notice, by order id. */
    List<OpenOrder> reclaimingOrders() {
        return reclaiming.entrySet().stream()
                .map(e -> new OpenOrder(e.getValue(), reclaimingOrders.get(e.getKey()), reclaimDeadline.get(e.getKey())))
                .toList();
    }

    /** Lists the online, staked providers with their ledger offer and reputation, and withdraws the others when idle. */
    void syncOffers(LedgerState state, Set<Address> online) {
        var staking = state.network().orElseThrow().params().staking();
        unavailable.clear();
        for (Provider provider : state.providers().values()) {
            boolean eligible = online.contains(provider.address()) && provider.isActive(staking);
            HardwareOffer current = listed.get(provider.address());
            if (current != null && (!eligible || !current.equals(provider.offer()))) {
                if (market.withdraw(FromLedger.offerId(provider.address())) instanceof Outcome.Done) {
                    listed.remove(provider.address());
                } else {
                    unavailable.add(provider.address()); // still holds a lease: out of matching until it is free
                    continue;
                }
            }
            if (eligible && !listed.containsKey(provider.address())) {
                list(provider);
            }
            followReputation(provider);
        }
    }

    private void followReputation(Provider provider) {
        if (!listed.containsKey(provider.address())) {
            return;
        }
        Node node = market.capacity().node(FromLedger.offerId(provider.address()));
        if (node != null && node.reputation() != provider.reputation()) {
            market.setReputation(provider.address(), provider.reputation());
        }
    }

    /** Offers that stay in the book only for a lease they hold: no new order goes to them. */
    Set<Long> unavailableOffers() {
        Set<Long> ids = new HashSet<>();
        unavailable.forEach(provider -> ids.add(FromLedger.offerId(provider)));
        return ids;
    }

    /**
     * Instant matching for a queued job; {@code excluded} offers are left out. A job put to auction
     * is not matched: its auction is opened (window from now), providers auto-bid from their policy,
     * and once the window has closed the best bid still placeable wins. No bids by then: a new window.
     */
    MatchResult place(Job job, long ledgerNow, Set<Long> excluded) {
        long now = at(ledgerNow);
        if (!FromLedger.placeable(job.spec())) {
            return new MatchResult.NoMatch(job.submittedAtHeight());
        }
        Order order = orderOf(job, job.spec().maxSeconds());
        MatchResult result = job.spec().requirements().isAuction()
                ? auction(order, job.spec().requirements().auctionSeconds(), now)
                : market.submit(order, now, excluded);
        switch (result) {
            case MatchResult.Matched matched -> {
                open.remove(order.id());
                ownBids.remove(order.id());
                submittedAt.remove(order.id());
                remember(job.id(), order.id());
            }
            case MatchResult.NoMatch noMatch -> open.put(order.id(), new OpenOrder(job.id(), order, now));
            case MatchResult.Reclaiming pending -> {
                reclaiming.put(order.id(), job.id());
                reclaimDeadline.put(order.id(), pending.deadline());
                reclaimingOrders.put(order.id(), order);
            }
            case MatchResult.Refused refused -> LOG.warn("job {}: the book refused its order: {}", job.id().shortHex(), refused.refusal());
        }
        return result;
    }

    private MatchResult auction(Order order, int windowSeconds, long now) {
        if (auctions.auction(order.id()).isEmpty()) {
            // The first window runs from the submission, here and in a book rebuilt after a restart; later ones from now.
            long opens = Math.min(now, submittedAt.getOrDefault(order.id(), now));
            submittedAt.remove(order.id());
            auctions.open(order, opens, opens + windowSeconds);
        }
        placeOwnBids(order.id(), now);
        auctions.autoBid(order.id(), now);
        if (auctions.auction(order.id()).orElseThrow().acceptsBidsAt(now)) {
            return new MatchResult.NoMatch(order.id());
        }
        MatchResult awarded = auctions.award(order.id(), new Pick.Auto(), now);
        if (!(awarded instanceof MatchResult.Matched)) {
            auctions.close(order.id());
            return new MatchResult.NoMatch(order.id());
        }
        return awarded;
    }

    /** Whether some auction's window has closed or some reclaim notice has run out, so a pass would decide it. */
    boolean decisionDue(long ledgerNow) {
        long now = at(ledgerNow);
        return reclaimDeadline.values().stream().anyMatch(deadline -> deadline <= now) || open.values().stream().anyMatch(o -> auctions.auction(o.order().id()).map(a -> !a.acceptsBidsAt(now)).orElse(false));
    }

    Optional<Auction> auctionOf(long orderId) {
        return auctions.auction(orderId);
    }

    /** The tenant picked {@code provider}'s bid: the job is placed on its offer at the bid's price. */
    MatchResult accept(Job job, Address provider, long ledgerNow) {
        long now = at(ledgerNow);
        MatchResult result = auctions.award(job.submittedAtHeight(), new Pick.Tenant(FromLedger.offerId(provider)), now);
        if (result instanceof MatchResult.Matched) {
            open.remove(job.submittedAtHeight());
            ownBids.remove(job.submittedAtHeight());
            remember(job.id(), job.submittedAtHeight());
        }
        return result;
    }

    /** What the job's auction would answer to {@code provider}'s own bid now, with nothing placed. */
    BidResult checkOwnBid(Job job, Address provider, long price, long ledgerNow) {
        return auctions.check(job.submittedAtHeight(), FromLedger.offerId(provider), price, at(ledgerNow));
    }

    /**
     * A provider's own bid, now in the log at ledger second {@code placedAt}: it replaces the provider's
     * bid in the job's open auction, and is kept for later windows.
     */
    void ownBid(Job job, Address provider, long price, long placedAt) {
        ownBids.computeIfAbsent(job.submittedAtHeight(), id -> new LinkedHashMap<>()).put(provider, new OwnBid(price, placedAt));
        placeOwnBids(job.submittedAtHeight(), at(placedAt));
    }

    /** A job put to auction was submitted at ledger second {@code at}: its first window opens then. */
    void auctionSubmitted(long orderId, long at) {
        submittedAt.put(orderId, at);
    }

    /** A job cancelled while its auction is open: the auction goes, and the bids for it. */
    void forgetAuction(long orderId) {
        auctions.close(orderId);
        open.remove(orderId);
        ownBids.remove(orderId);
        submittedAt.remove(orderId);
    }

    /** The job's lease ended in the ledger (released, completed, cancelled) or was never sent: its GPUs go back. */
    void jobLeaseEnded(Hash job, long now) {
        reclaiming.entrySet().stream().filter(e -> e.getValue().equals(job)).map(Map.Entry::getKey).findFirst()
                .ifPresent(orderId -> {
                    reclaiming.remove(orderId);
                    reclaimDeadline.remove(orderId);
                    reclaimingOrders.remove(orderId);
                    market.cancel(orderId, at(now)); // a reserved job cancelled during the notice
                });
        Long orderId = orderByJob.remove(job);
        if (orderId != null) {
            jobByOrder.remove(orderId);
            market.cancel(orderId, at(now));
        }
        seatsEnded(job, List.copyOf(seatOrders.getOrDefault(job, Map.of()).keySet()), now);
    }

    /** The leases the book holds for jobs. */
    List<Lease> leases() {
        var ids = new java.util.ArrayList<>(orderByJob.values());
        ids.addAll(seatByOrder.keySet());
        return ids.stream().flatMap(id -> market.lease(id).stream()).toList();
    }

    /** The job and seat a gang seat's market lease belongs to. */
    Optional<SeatRef> seatOf(long leaseId) {
        return Optional.ofNullable(seatByOrder.get(leaseId));
    }

    Optional<Lease> leaseOf(Hash job) {
        return Optional.ofNullable(orderByJob.get(job)).flatMap(market::lease);
    }

    /** Puts the order's own bids that are not standing into its open auction; one whose offer cannot take it waits for the next pass. */
    private void placeOwnBids(long orderId, long now) {
        Optional<Auction> auction = auctions.auction(orderId);
        if (auction.isEmpty()) {
            return;
        }
        ownBids.getOrDefault(orderId, Map.of()).forEach((provider, own) -> {
            long offerId = FromLedger.offerId(provider);
            // A bid stands from when it was placed, or, carried into a later window, from the window's opening.
            long at = Math.max(own.at(), auction.get().openedAt());
            boolean standing = auction.get().bids().stream()
                    .anyMatch(bid -> bid.offerId() == offerId && !bid.auto() && bid.pricePerGpuHour() == own.price() && bid.at() == at);
            if (!standing && auctions.bid(orderId, offerId, own.price(), at) instanceof BidResult.Refused refused) {
                LOG.debug("order {}: the bid of {} waits: {}", orderId, provider, refused.refusal());
            }
        });
    }

    /**
     * One walk of the history: every lease ({@code AssignLease}, {@code AwardBid}) goes into the price
     * index at its price and start, as the book recorded it when it matched; for the jobs still queued
     * at auction, their submission time and the providers' own bids since their last lease come back.
     */
    private void restoreHistory(LedgerState state, History history) {
        history.forEach(state.height(), (tx, before, after) -> {
            switch (tx.payload()) {
                case SubmitJob submit when submit.spec().requirements().isAuction() -> submittedAt.put(after.height(), after.now());
                case PlaceBid bid -> after.job(bid.jobId()).ifPresent(job -> ownBids
                        .computeIfAbsent(job.submittedAtHeight(), id -> new LinkedHashMap<>())
                        .put(tx.signer(), new OwnBid(bid.pricePerDeviceHour(), after.now())));
                case AssignLease assign -> leased(after, assign.jobId());
                case AwardBid award -> leased(after, award.jobId());
                default -> { }
            }
        });
        Set<Long> auctioned = new HashSet<>();
        state.jobs().values().stream()
                .filter(job -> job.status() == JobStatus.QUEUED && job.spec().requirements().isAuction())
                .forEach(job -> auctioned.add(job.submittedAtHeight()));
        ownBids.keySet().retainAll(auctioned);
        submittedAt.keySet().retainAll(auctioned);
    }

    /** A lease in the history: its price goes into the index at its start, and the bids before it end. */
    private void leased(LedgerState after, Hash jobId) {
        Job job = after.job(jobId).orElseThrow();
        var lease = job.lease().orElseThrow();
        after.provider(lease.provider()).ifPresent(provider -> market.priceIndex()
                .record(FromLedger.offer(provider).hardware().gpu().name(), lease.pricePerDeviceHour(), lease.startedAt()));
        ownBids.remove(job.submittedAtHeight());
    }

    private boolean list(Provider provider) {
        var outcome = market.list(FromLedger.offer(provider));
        if (outcome instanceof Outcome.Refused refused) {
            LOG.warn("provider {} cannot be listed: {}", provider.address(), refused.refusal());
            return false;
        }
        listed.put(provider.address(), provider.offer());
        return true;
    }

    private void remember(Hash job, long orderId) {
        orderByJob.put(job, orderId);
        jobByOrder.put(orderId, job);
    }

    private static Order orderOf(Job job, long termSeconds) {
        return FromLedger.order(job.submittedAtHeight(), job.tenant(), job.spec(), termSeconds);
    }
}
