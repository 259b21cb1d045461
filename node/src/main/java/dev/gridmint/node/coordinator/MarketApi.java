package dev.gridmint.node.coordinator;

import dev.gridmint.core.state.GpuCatalog;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.market.auction.BidResult;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.ledger.FromLedger;
import dev.gridmint.market.matching.Lease;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.Order;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.api.MarketViews.AuctionView;
import dev.gridmint.node.api.MarketViews.BidView;
import dev.gridmint.node.api.MarketViews.OfferView;
import dev.gridmint.node.api.MarketViews.OrderView;
import dev.gridmint.node.api.MarketViews.PricePoint;
import dev.gridmint.node.api.MarketViews.PriceView;
import dev.gridmint.node.ledger.Sequencer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read side of the order book for {@code /v1/market}. Every read runs on the scheduler's
 * thread, which owns the book, and copies out plain views.
 */
final class MarketApi {

    private final Scheduler scheduler;
    private final Sequencer sequencer;
    private final AgentHub agents;

    MarketApi(Scheduler scheduler, Sequencer sequencer, AgentHub agents) {
        this.scheduler = scheduler;
        this.sequencer = sequencer;
        this.agents = agents;
    }

    /** Every registered provider's offer, in address order. */
    List<OfferView> offers() {
        return read(book -> {
            LedgerState state = sequencer.state();
            var staking = state.network().orElseThrow().params().staking();
            List<OfferView> views = new ArrayList<>();
            for (Provider provider : state.providers().values()) {
                var offer = provider.offer();
                long id = FromLedger.offerId(provider.address());
                Node node = book.isListed(provider.address()) ? book.market().capacity().node(id) : null;
                // What the agent measured and signed in its hardware report: the ledger's offer has no field for it.
                var measured = agents.measured(provider.address());
                views.add(new OfferView(provider.address().toString(), id, GpuCatalog.model(offer).name(), offer.deviceModel(),
                        offer.deviceCount(), node == null ? 0 : node.free(), offer.pricePerDeviceHour(), offer.region(),
                        provider.reputation(),
                        agents.isOnline(provider.address()), provider.isActive(staking), node != null, measured.downMbps(),
                        measured.upMbps(), measured.diskFreeGb()));
            }
            return views;
        });
    }

    /** Open orders, then matched ones, each by order id (the height of the job's submission). */
    List<OrderView> orders() {
        return read(book -> {
            List<OrderView> views = new ArrayList<>();
            book.openOrders().forEach(open -> views.add(view(open.order(), open.job().hex(), null,
                    book.auctionOf(open.order().id()).isPresent() ? "AUCTION" : "OPEN", null, open.order().nodes(), null)));
            book.reclaimingOrders().forEach(waiting -> views.add(view(waiting.order(), waiting.job().hex(), null, "RECLAIMING",
                    waiting.at(), waiting.order().nodes(), null)));
            List<Lease> leases = new ArrayList<>(book.leases());
            leases.sort(Comparator.comparingLong(Lease::id));
            var state = sequencer.state();
            for (Lease lease : leases) {
                // A gang seat's lease is one node of the job's gang: it says which seat, of how many.
                var seat = book.seatOf(lease.id());
                int nodes = seat.flatMap(s -> state.job(s.job())).map(job -> job.spec().nodes()).orElse(lease.order().nodes());
                views.add(view(lease.order(), book.jobOf(lease.id()).map(h -> h.hex()).orElse(null), lease, "MATCHED", null, nodes,
                        seat.map(MarketBook.SeatRef::member).orElse(null)));
            }
            return views;
        });
    }

    /** Every device model that has been matched, with its history, the last {@code historyLimit} periods. */
    List<PriceView> prices(int historyLimit) {
        return read(book -> {
            long now = book.at(sequencer.state().now());
            var index = book.market().priceIndex();
            List<PriceView> views = new ArrayList<>();
            for (Map.Entry<String, Long> entry : index.snapshot(now).entrySet()) {
                var history = index.history(entry.getKey(), now);
                List<PricePoint> points = history.subList(Math.max(0, history.size() - historyLimit), history.size()).stream()
                        .map(p -> new PricePoint(p.periodStart(), p.periodEnd(), p.median(), p.matches()))
                        .toList();
                views.add(new PriceView(entry.getKey(), entry.getValue(), index.periodSeconds(), points));
            }
            return views;
        });
    }

    /** The auction of a queued job put to auction, if the book has one open. */
    Optional<AuctionView> auction(Hash jobId) {
        return read(book -> sequencer.state().job(jobId)
                .flatMap(job -> book.auctionOf(job.submittedAtHeight()))
                .map(auction -> new AuctionView(jobId.hex(), auction.order().id(), auction.openedAt(), auction.closesAt(),
                        auction.bids().stream()
                                .map(bid -> new BidView(bid.provider().toString(), bid.offerId(), bid.pricePerGpuHour(), bid.at(), bid.auto()))
                                .toList())));
    }

    /**
     * Refuses, before it reaches the log, a provider's own bid that the job's auction would not
     * take: none open yet ({@code UNKNOWN_AUCTION}), its window closed ({@code AUCTION_CLOSED}), or
     * an offer that cannot hold the job now, or an auction full of own bids ({@code BID_NOT_ELIGIBLE}).
     * The ledger's own refusals come first: a bid it would refuse is left to it.
     */
    void checkOwnBid(SignedTx tx, PlaceBid bid) {
        LedgerState state = sequencer.state();
        if (StateTransition.apply(state, tx) instanceof ApplyResult.Rejected) {
            return;
        }
        Job job = state.job(bid.jobId()).orElseThrow();
        if (read(book -> book.checkOwnBid(job, tx.signer(), bid.pricePerDeviceHour(), state.now())) instanceof BidResult.Refused refused) {
            throw switch (refused.refusal().code()) {
                case UNKNOWN_ORDER -> new ApiException(404, "UNKNOWN_AUCTION",
                        "job " + bid.jobId() + " has no open auction yet; bid after the next placement pass opens it");
                case AUCTION_CLOSED -> new ApiException(409, "AUCTION_CLOSED", refused.refusal().message());
                default -> new ApiException(422, "BID_NOT_ELIGIBLE", refused.refusal().message());
            };
        }
    }

    /** Whether the book holds a bid of {@code provider} for the job: an accept for any other is refused before the log. */
    boolean hasBid(Hash jobId, Address provider) {
        return auction(jobId).map(auction -> auction.bids().stream().anyMatch(bid -> bid.provider().equals(provider.toString())))
                .orElse(false);
    }

    /** {@code start} is the lease's start, or for an order waiting out a reclaim, when its lease will start. */
    private static OrderView view(Order order, String jobId, Lease lease, String status, Long startsAt, int nodes, Integer member) {
        var grant = lease == null ? null : lease.grants().getFirst();
        long term = order.term().endFrom(0) == Long.MAX_VALUE ? 0 : order.term().endFrom(0);
        return new OrderView(order.id(), jobId, order.tenant().toString(), status,
                order.gpusPerNode(), order.maxPricePerGpuHour(), term, order.tier().name(), describe(order.gpu()),
                order.regions().allowed().stream().sorted().toList(), order.regions().denied().stream().sorted().toList(),
                order.minReputation(), grant == null ? null : grant.provider().toString(), grant == null ? null : grant.pricePerGpuHour(),
                lease == null ? startsAt : Long.valueOf(lease.start()), lease == null ? null : lease.end(), nodes, member);
    }

    private static String describe(GpuRequirement gpu) {
        return switch (gpu) {
            case GpuRequirement.AnyOf any -> String.join(",", any.models().stream().sorted().toList());
            case GpuRequirement.AtLeast min when min.vramGb() == 0 && min.tflops() == 0 -> "any";
            case GpuRequirement.AtLeast min when min.tflops() == 0 -> ">=" + min.vramGb() + "GB";
            case GpuRequirement.AtLeast min when min.vramGb() == 0 -> ">=" + min.tflops() + "TFLOPS";
            case GpuRequirement.AtLeast min -> ">=" + min.vramGb() + "GB,>=" + min.tflops() + "TFLOPS";
        };
    }

    private <T> T read(Function<MarketBook, T> read) {
        return scheduler.readBook(read)
                .orElseThrow(() -> new ApiException(503, "BUSY", "the scheduler did not answer in time; try again"));
    }

}
