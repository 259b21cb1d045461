package dev.gridmint.cli.bench;

import dev.gridmint.cli.UserError;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.matching.Market;
import dev.gridmint.market.matching.MarketConfig;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.market.order.Order;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The matching engine on one thread: a seeded book of provider offers (see {@link MarketWorkload}),
 * then a steady stream of mixed orders, one per simulated second, whose leases expire after their
 * term. The market's clock is advanced before each order, so expiries are part of the time
 * measured. A warm-up part of the stream brings the book to its steady state (and the JIT to its
 * compiled code) before the timed part; then the same book, switched to the linear reference scan,
 * takes the next orders as the baseline. The heap per offer is the live heap after loading the
 * book, less the live heap before, over the offers.
 */
@Command(name = "market", mixinStandardHelpOptions = true,
        description = "Orders per second and match latency of the market's matching engine against a linear scan.")
final class MarketBench implements Callable<Integer> {

    @Option(names = "--offers", defaultValue = "100000", description = "Provider offers (nodes) in the book (default ${DEFAULT-VALUE}).")
    int offerCount;

    @Option(names = "--models", defaultValue = "20", description = "GPU models (default ${DEFAULT-VALUE}).")
    int modelCount;

    @Option(names = "--regions", defaultValue = "30", description = "Regions (default ${DEFAULT-VALUE}).")
    int regionCount;

    @Option(names = "--orders", defaultValue = "200000", description = "Timed orders (default ${DEFAULT-VALUE}).")
    int orderCount;

    @Option(names = "--warmup", defaultValue = "100000",
            description = "Untimed orders first, one per simulated second; 65,000 or more reach the steady state (default ${DEFAULT-VALUE}).")
    int warmupCount;

    @Option(names = "--baseline-orders", defaultValue = "300", description = "Orders through the linear scan (default ${DEFAULT-VALUE}).")
    int baselineCount;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the book and the stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as one JSON line.")
    boolean json;

    /** What one pass over part of the stream measured. */
    private record Pass(int orders, double seconds, long[] singleNanos, int singles, long[] gangNanos, int gangs, int matched,
                        int reclaiming) {
        double ordersPerSecond() {
            return orders / seconds;
        }
    }

    @Override
    public Integer call() {
        if (offerCount < 1 || offerCount > 2_000_000 || modelCount < 1 || modelCount > 200 || regionCount < 1 || regionCount > 200) {
            throw new UserError("--offers must be 1..2000000, --models and --regions 1..200");
        }
        if (orderCount < 1 || warmupCount < 0 || baselineCount < 1 || orderCount + warmupCount + baselineCount > 5_000_000) {
            throw new UserError("--orders and --baseline-orders must be at least 1, and all orders together at most 5000000");
        }
        MarketWorkload workload = MarketWorkload.catalog(modelCount, regionCount);
        List<Order> stream = workload.orders(seed, warmupCount + orderCount + baselineCount);

        long heapBefore = liveHeap();
        Market market = new Market(MarketConfig.DEFAULT);
        int providers;
        try (var bar = new ProgressBar("Listing offers", offerCount)) {
            providers = workload.offers(seed, offerCount, offer -> {
                market.list(offer);
                bar.step();
            });
        }
        long heapPerOffer = (liveHeap() - heapBefore) / offerCount;
        long totalGpus = market.capacity().nodes().stream().mapToLong(Node::gpuCount).sum();

        run("Warm-up", market, stream.subList(0, warmupCount), 0);
        double warmUtilisation = utilisation(market, totalGpus);
        Pass timed = run("Matching", market, stream.subList(warmupCount, warmupCount + orderCount), warmupCount);
        double endUtilisation = utilisation(market, totalGpus);
        market.useSearch(MarketConfig.SearchKind.LINEAR);
        Pass baseline = run("Linear scan", market, stream.subList(warmupCount + orderCount, stream.size()), warmupCount + orderCount);
        market.useSearch(MarketConfig.SearchKind.INDEXED);

        var figures = new LinkedHashMap<String, Object>();
        figures.put("providers", offerCount);
        figures.put("provider_accounts", providers);
        figures.put("gpus", totalGpus);
        figures.put("orders", orderCount);
        figures.put("orders_per_s", Math.round(timed.ordersPerSecond()));
        figures.put("p99_match_us", round(percentile(timed.singleNanos(), timed.singles(), 0.99) / 1e3));
        figures.put("p50_match_us", round(percentile(timed.singleNanos(), timed.singles(), 0.50) / 1e3));
        figures.put("p99_gang_match_us", round(percentile(timed.gangNanos(), timed.gangs(), 0.99) / 1e3));
        figures.put("baseline_orders_per_s", Math.round(baseline.ordersPerSecond()));
        figures.put("speedup", round(timed.ordersPerSecond() / baseline.ordersPerSecond()));
        figures.put("heap_bytes_per_offer", heapPerOffer);
        figures.put("matched_share", round((double) timed.matched() / timed.orders()));
        figures.put("reclaims", timed.reclaiming());
        figures.put("utilisation_after_warmup", round(warmUtilisation));
        figures.put("utilisation_at_end", round(endUtilisation));
        figures.put("active_leases", market.activeLeases());
        figures.put("price_index", market.priceIndex().snapshot(warmupCount + orderCount + baselineCount).size());
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%n%,d offers (%,d GPUs) from %,d providers, %d models, %d regions%n", offerCount, totalGpus, providers,
                    modelCount, regionCount);
            System.out.printf("indexed:     %,10.0f orders/s   single-node p50 %.1f µs, p99 %.1f µs; gang p99 %.1f µs%n",
                    timed.ordersPerSecond(), percentile(timed.singleNanos(), timed.singles(), 0.5) / 1e3,
                    percentile(timed.singleNanos(), timed.singles(), 0.99) / 1e3, percentile(timed.gangNanos(), timed.gangs(), 0.99) / 1e3);
            System.out.printf("linear scan: %,10.0f orders/s   (indexed is %.0fx faster)%n", baseline.ordersPerSecond(),
                    timed.ordersPerSecond() / baseline.ordersPerSecond());
            System.out.printf("heap per offer: %d bytes; matched %.1f%% of timed orders, %d reclaims; GPUs busy %.1f%% after warm-up, %.1f%% at the end%n",
                    heapPerOffer, 100.0 * timed.matched() / timed.orders(), timed.reclaiming(), 100 * warmUtilisation, 100 * endUtilisation);
        }
        return 0;
    }

    /** Feeds orders one simulated second apart; each order's own submit is timed for the latency figures. */
    private static Pass run(String name, Market market, List<Order> orders, long firstSecond) {
        long[] single = new long[orders.size()];
        long[] gang = new long[orders.size()];
        int singles = 0;
        int gangs = 0;
        int matched = 0;
        int reclaiming = 0;
        long start = System.nanoTime();
        try (var bar = new ProgressBar(name, orders.size())) {
            for (int i = 0; i < orders.size(); i++) {
                long now = firstSecond + i;
                market.advance(now);
                Order order = orders.get(i);
                long before = System.nanoTime();
                MatchResult result = market.submit(order, now);
                long took = System.nanoTime() - before;
                if (order.isGang()) {
                    gang[gangs++] = took;
                } else {
                    single[singles++] = took;
                }
                switch (result) {
                    case MatchResult.Matched m -> matched++;
                    case MatchResult.Reclaiming r -> reclaiming++;
                    case MatchResult.NoMatch n -> { }
                    case MatchResult.Refused r -> throw new IllegalStateException("the bench's order was refused: " + r.refusal());
                }
                if ((i & 1023) == 1023) {
                    bar.stepBy(1024);
                }
            }
            bar.stepTo(orders.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Pass(orders.size(), seconds, single, singles, gang, gangs, matched, reclaiming);
    }

    private static double utilisation(Market market, long totalGpus) {
        long used = market.capacity().nodes().stream().mapToLong(Node::used).sum();
        return (double) used / totalGpus;
    }

    private static double percentile(long[] nanos, int count, double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) Math.ceil(count * p) - 1)];
    }

    private static long liveHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
