package dev.gridmint.market.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.market.MarketGen;
import dev.gridmint.market.auction.AuctionHouse;
import dev.gridmint.market.auction.Bid;
import dev.gridmint.market.auction.Pick;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.matching.MarketConfig.SearchKind;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests over random books and order streams: the indexed engine against the
 * linear reference, step by step, with the market's invariants checked after every step.
 */
class MatchingPropertiesTest {

    private static final int SEEDS = 40;
    private static final int STEPS = 400;

    @Test
    void theIndexedSearchMakesExactlyTheMatchesOfTheLinearScan() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            List<Object> indexed = run(seed, SearchKind.INDEXED, false);
            List<Object> linear = run(seed, SearchKind.LINEAR, false);
            assertThat(indexed).as("seed %d", seed).isEqualTo(linear);
        }
    }

    @Test
    void theSameInputsGiveTheSameMatchesWhateverTheOrderOffersWereListedIn() {
        for (long seed = 100; seed < 100 + SEEDS / 2; seed++) {
            List<Object> first = run(seed, SearchKind.INDEXED, false);
            assertThat(run(seed, SearchKind.INDEXED, false)).as("seed %d, again", seed).isEqualTo(first);
            assertThat(run(seed, SearchKind.INDEXED, true)).as("seed %d, offers shuffled", seed).isEqualTo(first);
        }
    }

    @Test
    void theStreamsExerciseEveryOutcome() {
        // A property that never meets a gang, a refusal to match or a reclaim proves little: check the generator reaches them.
        Map<String, Integer> seen = new TreeMap<>();
        for (long seed = 1; seed <= 10; seed++) {
            for (Object step : run(seed, SearchKind.INDEXED, false)) {
                String kind = switch (step) {
                    case MatchResult.Matched m when m.lease().grants().size() > 1 -> "gang";
                    case MatchResult.Matched m -> "single";
                    case MatchResult.Reclaiming r -> "reclaiming";
                    case MatchResult.NoMatch n -> "no match";
                    case MarketEvent.LeaseEnded e -> "ended " + e.reason();
                    case MarketEvent.LeaseStarted s -> "started after reclaim";
                    case Outcome.Done d -> "cancelled or extended";
                    case Outcome.Refused r -> "change refused";
                    case String s -> "reputation";
                    case List<?> bids when !bids.isEmpty() -> "auto-bids";
                    default -> "other";
                };
                seen.merge(kind, 1, Integer::sum);
            }
        }
        assertThat(seen).containsKeys("gang", "single", "reclaiming", "no match", "ended EXPIRED", "cancelled or extended", "change refused",
                "ended RECLAIMED", "started after reclaim", "reputation", "auto-bids");
    }

    /** One seeded scenario; returns every result and event in order, after checking the invariants at each step. */
    private static List<Object> run(long seed, SearchKind kind, boolean shuffleOffers) {
        var gen = new MarketGen(seed);
        List<Offer> offers = new ArrayList<>(gen.offers(120, 25));
        if (shuffleOffers) {
            Collections.shuffle(offers, new Random(seed * 31));
        }
        var market = new Market(MarketConfig.DEFAULT.withSearch(kind).withReclaimNotice(120));
        offers.forEach(market::list);
        Random ops = new Random(seed ^ 0x5EED);
        List<Object> trace = new ArrayList<>();
        List<Long> placed = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < STEPS; step++) {
            now += ops.nextInt(40);
            for (MarketEvent event : market.advance(now)) {
                trace.add(event);
                if (event instanceof MarketEvent.LeaseStarted started) {
                    checkLease(market, started.lease(), false);
                }
            }
            int op = ops.nextInt(20);
            if (op < 2 && !placed.isEmpty()) {
                trace.add(market.cancel(placed.get(ops.nextInt(placed.size())), now));
            } else if (op < 4 && !placed.isEmpty()) {
                long id = placed.get(ops.nextInt(placed.size()));
                trace.add(market.extend(id, market.lease(id).map(l -> l.end() + 300).orElse(now + 300), now));
            } else if (op == 4) {
                // The verification layer's word moves nodes within their buckets: the index must follow.
                int provider = ops.nextInt(25);
                int reputation = ops.nextInt(11) * 100;
                market.setReputation(MarketGen.address(provider), reputation);
                trace.add("reputation " + provider + " " + reputation);
            } else if (op == 5) {
                trace.add(market.withdraw(1_000 + ops.nextInt(120)));
            } else if (op == 6) {
                // An auction decided at once by the tenant, who takes the last auto-bid: placeOn must keep the invariants too.
                Order order = gen.order(step);
                var auctions = new AuctionHouse(market, 3);
                Map<Long, Long> before = usedMasks(market);
                auctions.open(order, now, now + 60);
                List<Bid> bids = auctions.autoBid(order.id(), now);
                trace.add(bids);
                if (!bids.isEmpty()) {
                    MatchResult result = auctions.award(order.id(), new Pick.Tenant(bids.getLast().offerId()), now);
                    trace.add(result);
                    checkWholeOrNothing(market, order, result, before);
                    if (result instanceof MatchResult.Matched matched) {
                        checkLease(market, matched.lease(), true);
                        placed.add(order.id());
                    }
                }
            } else {
                Order order = gen.order(step);
                Map<Long, Long> before = usedMasks(market);
                MatchResult result = market.submit(order, now);
                trace.add(result);
                checkWholeOrNothing(market, order, result, before);
                switch (result) {
                    case MatchResult.Matched matched -> {
                        checkLease(market, matched.lease(), true);
                        placed.add(order.id());
                    }
                    case MatchResult.Reclaiming reclaiming -> placed.add(order.id());
                    case MatchResult.NoMatch noMatch -> { }
                    case MatchResult.Refused refused -> throw new AssertionError("a generated order was refused: " + refused);
                }
            }
            checkNoGpuLeasedTwice(market, placed);
        }
        return trace;
    }

    private static Map<Long, Long> usedMasks(Market market) {
        Map<Long, Long> masks = new HashMap<>();
        for (Node node : market.capacity().nodes()) {
            masks.put(node.id(), node.usedMask());
        }
        return masks;
    }

    /** A gang is placed whole, one grant of the right size per distinct node, or nothing moves at all. */
    private static void checkWholeOrNothing(Market market, Order order, MatchResult result, Map<Long, Long> before) {
        Map<Long, Long> after = usedMasks(market);
        if (result instanceof MatchResult.Matched matched) {
            Lease lease = matched.lease();
            assertThat(lease.grants()).hasSize(order.nodes());
            assertThat(lease.grants().stream().map(Grant::offerId).distinct().count()).isEqualTo(order.nodes());
            for (Grant grant : lease.grants()) {
                assertThat(grant.gpus()).isEqualTo(order.gpusPerNode());
                assertThat(before.get(grant.offerId()) & grant.gpuMask()).as("granted GPUs were free before").isZero();
                assertThat(after.get(grant.offerId())).isEqualTo(before.get(grant.offerId()) | grant.gpuMask());
            }
            Set<Long> touched = new HashSet<>();
            lease.grants().forEach(g -> touched.add(g.offerId()));
            before.forEach((id, mask) -> {
                if (!touched.contains(id)) {
                    assertThat(after.get(id)).isEqualTo(mask);
                }
            });
        } else if (!(result instanceof MatchResult.Reclaiming)) {
            assertThat(after).as("a failed order changes no capacity").isEqualTo(before);
        }
    }

    /**
     * Every constraint of the order holds on every node of the lease, and no price exceeds the
     * maximum. A lease that starts after a reclaim was decided at the reclaim: the node's
     * reputation may have moved during the notice, as it may under any running lease.
     */
    private static void checkLease(Market market, Lease lease, boolean decidedNow) {
        Order order = lease.order();
        for (Grant grant : lease.grants()) {
            Node node = market.capacity().node(grant.offerId());
            Offer offer = node.offer();
            assertThat(grant.pricePerGpuHour()).isLessThanOrEqualTo(order.maxPricePerGpuHour());
            assertThat(order.gpu().accepts(offer.hardware().gpu())).isTrue();
            assertThat(order.regions().permits(offer.location().region())).isTrue();
            assertThat(order.minimums().metBy(offer.hardware())).isTrue();
            if (decidedNow) {
                assertThat(node.reputation()).isGreaterThanOrEqualTo(order.minReputation());
            }
            assertThat(grant.gpus()).isEqualTo(order.gpusPerNode());
            if (order.tier() == Tier.RESERVED) {
                assertThat(offer.availability().covers(lease.start(), lease.end())).isTrue();
            } else {
                assertThat(offer.availability().isOpenAt(lease.start())).isTrue();
            }
        }
    }

    /** The GPUs of live leases never overlap, and every one of them is marked used on its node. */
    private static void checkNoGpuLeasedTwice(Market market, List<Long> placed) {
        Map<Long, Long> claimed = new HashMap<>();
        for (long id : placed) {
            market.lease(id).ifPresent(lease -> {
                for (Grant grant : lease.grants()) {
                    long already = claimed.getOrDefault(grant.offerId(), 0L);
                    assertThat(already & grant.gpuMask()).as("GPU leased twice on offer %d", grant.offerId()).isZero();
                    claimed.put(grant.offerId(), already | grant.gpuMask());
                }
            });
        }
        claimed.forEach((offerId, mask) -> assertThat(market.capacity().node(offerId).usedMask() & mask).isEqualTo(mask));
    }
}
