package dev.gridmint.market.matching;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.market.index.CapacityIndex;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.index.PriceIndex;
import dev.gridmint.market.matching.MarketEvent.EndReason;
import dev.gridmint.market.matching.Refusal.Code;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The order book and matching engine. Deterministic: it reads no clock and draws no random
 * numbers; every call carries the time, and the same calls in the same order give the same
 * leases on any machine. Not thread-safe: the coordinator drives it from one thread, as it does
 * the ledger.
 *
 * <p>Time is in seconds. Call {@link #advance} with the current time before submitting at that
 * time, so that leases that ended free their GPUs first. A time earlier than one already seen is
 * the caller's bug, not a market outcome, and throws.
 */
public final class Market {

    private final MarketConfig config;
    private final CapacityIndex index;
    private Search search;
    private final PriceIndex prices;
    private final Map<Long, Lease> leases = new HashMap<>();
    /** Spot leases not yet being reclaimed, by model name then offer id: where a reclaim looks. */
    private final Map<String, Map<Long, SpotOnNode>> spotGpus = new HashMap<>();
    private final Map<Long, PendingReclaim> pendingByOrder = new HashMap<>();
    private final Map<Long, PendingReclaim> pendingByOffer = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Timer.ORDER);
    private long clock;

    /** A lease end or a reclaim deadline, checked against the lease when it fires (leases change under it). */
    private record Timer(long at, long leaseId, boolean reclaim) {
        static final Comparator<Timer> ORDER = Comparator.comparingLong(Timer::at).thenComparingLong(Timer::leaseId)
                .thenComparing(Timer::reclaim, Comparator.reverseOrder());
    }

    /** The GPUs and ids of the spot leases on one node that a reclaim could still take. */
    private static final class SpotOnNode {
        int gpus;
        final List<Long> leases = new ArrayList<>(2);
    }

    /** A reserved order waiting for reclaimed spot GPUs on one node; {@code held} are the GPUs already set aside. */
    private static final class PendingReclaim {
        final Order order;
        final Node node;
        final long price;
        final long deadline;
        long held;

        PendingReclaim(Order order, Node node, long price, long deadline, long held) {
            this.order = order;
            this.node = node;
            this.price = price;
            this.deadline = deadline;
            this.held = held;
        }

        int missing() {
            return order.gpusPerNode() - Long.bitCount(held);
        }
    }

    public Market(MarketConfig config) {
        this.config = config;
        this.index = new CapacityIndex(config.scoring());
        this.prices = new PriceIndex(config.priceIndexPeriodSeconds());
        this.search = searchOf(config.searchKind());
    }

    public MarketConfig config() {
        return config;
    }

    public PriceIndex priceIndex() {
        return prices;
    }

    /** Read-only view of the capacity, for tests and figures. */
    public CapacityIndex capacity() {
        return index;
    }

    /**
     * Swaps the search, for benchmarks comparing it with the reference. Both give the same choices,
     * so the book may go on with either.
     */
    public void useSearch(MarketConfig.SearchKind kind) {
        this.search = searchOf(kind);
    }

    private Search searchOf(MarketConfig.SearchKind kind) {
        return switch (kind) {
            case INDEXED -> new IndexedSearch(index);
            case LINEAR -> new LinearSearch(index);
        };
    }

    // ---- offers -------------------------------------------------------------------------------

    public Outcome list(Offer offer) {
        if (index.contains(offer.id())) {
            return Outcome.refused(Code.DUPLICATE_ID, "offer " + offer.id() + " is already listed");
        }
        if (offer.policy().floor(offer.hardware().gpu().name()).isEmpty()) {
            return Outcome.refused(Code.UNPRICED_MODEL, "the owner's policy has no floor for " + offer.hardware().gpu().name());
        }
        index.add(offer);
        return Outcome.DONE;
    }

    /** Takes an idle offer off the market; one with leased or held GPUs stays until they are free. */
    public Outcome withdraw(long offerId) {
        Node node = index.node(offerId);
        if (node == null) {
            return Outcome.refused(Code.UNKNOWN_OFFER, "no offer " + offerId);
        }
        if (node.used() > 0) {
            return Outcome.refused(Code.OFFER_IN_USE, "offer " + offerId + " has " + node.used() + " GPUs leased");
        }
        index.remove(node);
        return Outcome.DONE;
    }

    /** Sets the reputation of every node of a provider, as the ledger holds it after the last epoch close. */
    public void setReputation(Address provider, int reputation) {
        for (Node node : List.copyOf(index.nodesOf(provider))) {
            index.setReputation(node, Math.clamp(reputation, 0, Reputation.MAX));
        }
    }

    // ---- orders -------------------------------------------------------------------------------

    public boolean knowsOrder(long orderId) {
        return leases.containsKey(orderId) || pendingByOrder.containsKey(orderId);
    }

    /** Instant matching: the best placement now, or a reclaim of spot capacity for a reserved order, or no match. */
    public MatchResult submit(Order order, long now) {
        return submit(order, now, Set.of());
    }

    /**
     * As {@link #submit(Order, long)}, leaving out the offers in {@code excludedOffers}: a job that
     * lost its provider is not placed on it again, and a provider that is offline takes nothing new.
     */
    public MatchResult submit(Order order, long now, Set<Long> excludedOffers) {
        if (knowsOrder(order.id())) {
            return new MatchResult.Refused(Refusal.of(Code.DUPLICATE_ID, "order " + order.id() + " is already placed"));
        }
        tick(now);
        Query query = Query.of(order, index, now);
        Optional<List<Choice>> placement = order.isGang()
                ? GangRule.place(query, search, index, excludedOffers)
                : search.best(query, Search.ANY_REGION, 1, excludedOffers).stream().findFirst().map(List::of);
        if (placement.isPresent()) {
            return new MatchResult.Matched(open(order, placement.get(), now));
        }
        if (order.tier() == Tier.RESERVED && !order.isGang() && config.reclaimNoticeSeconds() >= 0) {
            Optional<MatchResult> reclaim = reclaimFor(query, now, excludedOffers);
            if (reclaim.isPresent()) {
                return reclaim.get();
            }
        }
        return new MatchResult.NoMatch(order.id());
    }

    /** The {@code k} best nodes for an order now, without placing it (auction auto-bids use this). */
    public List<Choice> candidates(Order order, long now, int k) {
        return search.best(Query.of(order, index, now), Search.ANY_REGION, k, Set.of());
    }

    /**
     * Whether a single-node order could go on this offer at this price now, and its score there.
     * Used to check auction bids when they come in and again when one is picked.
     */
    public Optional<Choice> quote(Order order, long offerId, long price, long now) {
        Node node = index.node(offerId);
        if (node == null || order.isGang()) {
            return Optional.empty();
        }
        Query query = Query.of(order, index, now);
        boolean fits = node.free() >= order.gpusPerNode()
                && order.gpu().accepts(node.offer().hardware().gpu())
                && order.regions().permits(node.region())
                && query.fitsAt(node, price);
        if (!fits) {
            return Optional.empty();
        }
        long base = index.scoring().base(price, node.reputation());
        return Optional.of(new Choice(node, index.scoring().score(base, node.free() - order.gpusPerNode(), query.prefers(node))));
    }

    /** Places a single-node order on a chosen offer at a chosen price (an auction's award). */
    public MatchResult placeOn(Order order, long offerId, long price, long now) {
        return placeOn(order, offerId, price, now, now, true);
    }

    /**
     * Puts back a single-node lease that stands elsewhere (a coordinator's ledger, after a restart) as
     * it was matched: on its offer, at its price, from its original {@code start}, so it ends when it
     * would have. Its price is not recorded in the index again: whoever reinstates leases rebuilds the
     * index from the same history ({@link PriceIndex#record}).
     */
    public MatchResult reinstate(Order order, long offerId, long price, long start, long now) {
        if (start > now) {
            throw new IllegalArgumentException("a reinstated lease cannot start after now");
        }
        return placeOn(order, offerId, price, start, now, false);
    }

    private MatchResult placeOn(Order order, long offerId, long price, long start, long now, boolean recordPrice) {
        if (knowsOrder(order.id())) {
            return new MatchResult.Refused(Refusal.of(Code.DUPLICATE_ID, "order " + order.id() + " is already placed"));
        }
        tick(now);
        Optional<Choice> quote = quote(order, offerId, price, now);
        if (quote.isEmpty()) {
            return new MatchResult.Refused(Refusal.of(Code.BID_UNAVAILABLE, "offer " + offerId + " can no longer take order " + order.id()));
        }
        Node node = quote.get().node();
        long mask = index.allocate(node, order.gpusPerNode());
        Lease lease = new Lease(order.id(), order, List.of(grant(node, mask, price)), start, order.term().endFrom(start), LeaseStatus.ACTIVE);
        start(lease, now, recordPrice);
        return new MatchResult.Matched(lease);
    }

    public Optional<Lease> lease(long leaseId) {
        return Optional.ofNullable(leases.get(leaseId));
    }

    public int activeLeases() {
        return leases.size();
    }

    /** Moves a fixed-term lease's end later, if every node's availability covers it (spot leases need not). */
    public Outcome extend(long leaseId, long newEnd, long now) {
        tick(now);
        Lease lease = leases.get(leaseId);
        if (lease == null) {
            return Outcome.refused(Code.UNKNOWN_LEASE, "no lease " + leaseId);
        }
        if (lease.isOpenEnded() || newEnd <= lease.end() || lease.status() instanceof LeaseStatus.Reclaiming) {
            return Outcome.refused(Code.NOT_EXTENDABLE, "lease " + leaseId + " is open-ended, being reclaimed, or already ends later");
        }
        if (lease.order().tier() == Tier.RESERVED) {
            for (Grant grant : lease.grants()) {
                if (!index.node(grant.offerId()).offer().availability().covers(lease.start(), newEnd)) {
                    return Outcome.refused(Code.OUTSIDE_AVAILABILITY, "offer " + grant.offerId() + " is not available until " + newEnd);
                }
            }
        }
        replace(lease.withEnd(newEnd));
        timers.add(new Timer(newEnd, leaseId, false));
        return Outcome.DONE;
    }

    /** Ends a lease now, or withdraws a reserved order still waiting for reclaimed capacity. */
    public Outcome cancel(long orderId, long now) {
        tick(now);
        Lease lease = leases.get(orderId);
        if (lease != null) {
            end(lease, EndReason.CANCELLED, now, new ArrayList<>());
            return Outcome.DONE;
        }
        PendingReclaim pending = pendingByOrder.remove(orderId);
        if (pending != null) {
            // The spot leases were given notice; they still end at the deadline, and their GPUs then go back to the market.
            pendingByOffer.remove(pending.node.id());
            index.release(pending.node, pending.held);
            return Outcome.DONE;
        }
        return Outcome.refused(Code.UNKNOWN_ORDER, "no lease or waiting order " + orderId);
    }

    /** Ends every lease due by {@code now} and every reclaim whose notice ran out, in time order, then lease id. */
    public List<MarketEvent> advance(long now) {
        tick(now);
        List<MarketEvent> events = new ArrayList<>();
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            Timer timer = timers.poll();
            Lease lease = leases.get(timer.leaseId());
            if (lease == null) {
                continue;
            }
            if (timer.reclaim()) {
                if (lease.status() instanceof LeaseStatus.Reclaiming r && r.deadline() == timer.at()) {
                    end(lease, EndReason.RECLAIMED, timer.at(), events);
                }
            } else if (lease.end() == timer.at()) {
                end(lease, EndReason.EXPIRED, timer.at(), events);
            }
        }
        return events;
    }

    private void tick(long now) {
        if (now < clock) {
            throw new IllegalArgumentException("the market's clock went backwards: " + now + " < " + clock);
        }
        clock = now;
    }

    // ---- leases -------------------------------------------------------------------------------

    private Lease open(Order order, List<Choice> nodes, long now) {
        List<Grant> grants = new ArrayList<>(nodes.size());
        for (Choice choice : nodes) {
            Node node = choice.node();
            long price = node.price();
            grants.add(grant(node, index.allocate(node, order.gpusPerNode()), price));
        }
        Lease lease = new Lease(order.id(), order, grants, now, order.term().endFrom(now), LeaseStatus.ACTIVE);
        start(lease, now);
        return lease;
    }

    private static Grant grant(Node node, long mask, long price) {
        return new Grant(node.id(), node.offer().provider(), node.offer().hardware().gpu().name(), node.region(), mask, price);
    }

    private void start(Lease lease, long now) {
        start(lease, now, true);
    }

    private void start(Lease lease, long now, boolean recordPrice) {
        leases.put(lease.id(), lease);
        if (lease.order().tier() == Tier.SPOT) {
            countSpot(lease, 1);
        }
        if (!lease.isOpenEnded()) {
            timers.add(new Timer(lease.end(), lease.id(), false));
        }
        for (Grant grant : lease.grants()) {
            if (recordPrice) {
                prices.record(grant.model(), grant.pricePerGpuHour(), now);
            }
        }
    }

    private void replace(Lease lease) {
        leases.put(lease.id(), lease);
    }

    private void end(Lease lease, EndReason reason, long at, List<MarketEvent> events) {
        leases.remove(lease.id());
        if (lease.order().tier() == Tier.SPOT && lease.status() instanceof LeaseStatus.Active) {
            countSpot(lease, -1);
        }
        events.add(new MarketEvent.LeaseEnded(lease.id(), reason, at));
        for (Grant grant : lease.grants()) {
            Node node = index.node(grant.offerId());
            PendingReclaim pending = pendingByOffer.get(grant.offerId());
            long freed = grant.gpuMask();
            if (pending != null) {
                freed = handOver(pending, freed);
                if (pending.missing() == 0) {
                    events.add(new MarketEvent.LeaseStarted(startPending(pending, at), at));
                }
            }
            if (freed != 0) {
                index.release(node, freed);
            }
        }
    }

    /** Moves as many of the freed GPUs as the waiting order still needs into its hold; returns the rest. */
    private static long handOver(PendingReclaim pending, long freed) {
        long rest = freed;
        while (pending.missing() > 0 && rest != 0) {
            long bit = Long.lowestOneBit(rest);
            pending.held |= bit;
            rest &= ~bit;
        }
        return rest;
    }

    private Lease startPending(PendingReclaim pending, long at) {
        pendingByOrder.remove(pending.order.id());
        pendingByOffer.remove(pending.node.id());
        Order order = pending.order;
        Lease lease = new Lease(order.id(), order, List.of(grant(pending.node, pending.held, pending.price)), at,
                order.term().endFrom(at), LeaseStatus.ACTIVE);
        start(lease, at);
        return lease;
    }

    private void countSpot(Lease lease, int sign) {
        for (Grant grant : lease.grants()) {
            Map<Long, SpotOnNode> ofModel = spotGpus.computeIfAbsent(grant.model(), m -> new HashMap<>());
            SpotOnNode onNode = ofModel.computeIfAbsent(grant.offerId(), id -> new SpotOnNode());
            onNode.gpus += sign * grant.gpus();
            if (sign > 0) {
                onNode.leases.add(lease.id());
            } else {
                onNode.leases.remove(lease.id());
            }
            if (onNode.leases.isEmpty()) {
                ofModel.remove(grant.offerId());
            }
        }
    }

    // ---- reclaim ------------------------------------------------------------------------------

    /**
     * A reserved single-node order found no free node: look for a node that would fit it if its
     * spot leases (those not already being reclaimed) gave their GPUs back. The best such node by
     * the usual score wins; its spot leases are reclaimed newest first until enough GPUs will be
     * free. Walks the nodes holding spot GPUs of the order's models, which is fine for a path
     * taken only when the market is full.
     */
    private Optional<MatchResult> reclaimFor(Query query, long now, Set<Long> excluded) {
        Order order = query.order();
        Choice best = null;
        long end = order.term().endFrom(now + config.reclaimNoticeSeconds());
        for (int model : query.models()) {
            for (var entry : spotGpus.getOrDefault(index.models().get(model).name(), Map.of()).entrySet()) {
                Node node = index.node(entry.getKey());
                int reachable = node.free() + entry.getValue().gpus;
                if (excluded.contains(node.id()) || pendingByOffer.containsKey(node.id()) || reachable < order.gpusPerNode()
                        || !order.gpu().accepts(node.offer().hardware().gpu()) || !order.regions().permits(node.region())
                        || !query.fitsBesidesBucket(node) || !node.offer().availability().covers(now, end)) {
                    continue;
                }
                var choice = new Choice(node, index.scoring().score(node.base(), reachable - order.gpusPerNode(), query.prefers(node)));
                if (best == null || Choice.BEST_FIRST.compare(choice, best) < 0) {
                    best = choice;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Node node = best.node();
        long price = node.price();
        long deadline = now + config.reclaimNoticeSeconds();
        int stillNeeded = order.gpusPerNode() - node.free();
        List<Lease> onNode = spotGpus.get(node.offer().hardware().gpu().name()).get(node.id()).leases.stream()
                .map(leases::get)
                .sorted(Comparator.comparingLong(Lease::start).thenComparingLong(Lease::id).reversed())
                .toList();
        List<Long> reclaimed = new ArrayList<>();
        for (Lease lease : onNode) {
            if (stillNeeded <= 0) {
                break;
            }
            stillNeeded -= lease.grants().stream().filter(g -> g.offerId() == node.id()).mapToInt(Grant::gpus).sum();
            replace(lease.withStatus(new LeaseStatus.Reclaiming(deadline, order.id())));
            countSpot(lease, -1);
            timers.add(new Timer(deadline, lease.id(), true));
            reclaimed.add(lease.id());
        }
        long held = node.free() == 0 ? 0 : index.allocate(node, node.free());
        var pending = new PendingReclaim(order, node, price, deadline, held);
        pendingByOrder.put(order.id(), pending);
        pendingByOffer.put(node.id(), pending);
        return Optional.of(new MatchResult.Reclaiming(order.id(), node.id(), reclaimed, deadline));
    }
}
