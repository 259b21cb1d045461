package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.node.api.MarketViews;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "market", mixinStandardHelpOptions = true,
        description = "Shows the coordinator's order book: offers, orders and the price index.",
        subcommands = {MarketCommand.Offers.class, MarketCommand.Orders.class, MarketCommand.Prices.class,
            MarketCommand.Bids.class, MarketCommand.Bid.class, MarketCommand.Accept.class})
final class MarketCommand extends CommandGroup {

    /** The page options every market list shares. */
    static final class Page {
        @Option(names = "--offset", defaultValue = "0", description = "Items to skip (default ${DEFAULT-VALUE}).")
        int offset;

        @Option(names = "--limit", defaultValue = "100", description = "Items to show, at most 1000 (default ${DEFAULT-VALUE}).")
        int limit;

        void check() {
            if (offset < 0 || limit < 1 || limit > 1_000) {
                throw new UserError("--offset must not be negative and --limit must be 1..1000");
            }
        }
    }

    /**
     * A paged list from the coordinator: fetched one page at a time, printed as JSON under
     * {@link #key()} or as the subclass's table.
     */
    abstract static class PagedList<T> implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Mixin
        Page page;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        abstract String key();

        abstract List<T> fetch(CoordinatorClient client, int offset, int limit);

        abstract void printTable(List<T> items);

        @Override
        public Integer call() {
            page.check();
            List<T> items = fetch(coordinator.client(), page.offset, page.limit);
            if (json) {
                JsonOut.print(System.out, Map.of(key(), items));
            } else {
                printTable(items);
            }
            return 0;
        }
    }

    @Command(name = "offers", mixinStandardHelpOptions = true,
            description = {"Lists the providers' offers: device model, free devices, price, region, reputation and liveness.",
                "Example: gridmint market offers --coordinator http://127.0.0.1:7070"})
    static final class Offers extends PagedList<MarketViews.OfferView> {

        @Override
        String key() {
            return "offers";
        }

        @Override
        List<MarketViews.OfferView> fetch(CoordinatorClient client, int offset, int limit) {
            return client.marketOffers(offset, limit);
        }

        @Override
        void printTable(List<MarketViews.OfferView> offers) {
            System.out.printf("%-44s %-14s %9s %-16s %5s %-8s %-13s %8s %s%n", "PROVIDER", "MODEL", "FREE", "PRICE/DEV-H", "REP",
                    "STATE", "MBIT/S DN/UP", "DISK GB", "REGION");
            for (var offer : offers) {
                String state = !offer.online() ? "offline" : !offer.active() ? "unstaked" : "listed";
                System.out.printf("%-44s %-14s %4d / %-3d %-16s %5d %-8s %-13s %8d %s%n", offer.provider(), offer.model(),
                        offer.freeDevices(), offer.devices(), Amounts.credits(offer.pricePerDeviceHour()), offer.reputation(),
                        state, offer.downMbps() + " / " + offer.upMbps(), offer.diskFreeGb(), offer.region());
            }
        }
    }

    @Command(name = "orders", mixinStandardHelpOptions = true,
            description = {"Lists the open orders (queued jobs with no match yet), then the matched ones.",
                "Example: gridmint market orders --json"})
    static final class Orders extends PagedList<MarketViews.OrderView> {

        @Override
        String key() {
            return "orders";
        }

        @Override
        List<MarketViews.OrderView> fetch(CoordinatorClient client, int offset, int limit) {
            return client.marketOrders(offset, limit);
        }

        @Override
        void printTable(List<MarketViews.OrderView> orders) {
            System.out.printf("%6s %-12s %-8s %4s %-7s %-16s %-9s %7s %-16s %s%n", "ORDER", "JOB", "STATUS", "DEV", "NODES",
                    "MAX PRICE", "TIER", "MIN REP", "PRICE", "PROVIDER");
            for (var order : orders) {
                System.out.printf("%6d %-12s %-8s %4d %-7s %-16s %-9s %7s %-16s %s%n", order.orderId(),
                        order.jobId() == null ? "-" : order.jobId().substring(0, 12), order.status(), order.devices(), nodes(order),
                        Amounts.credits(order.maxPricePerDeviceHour()), order.tier(),
                        order.minReputation() == 0 ? "-" : Integer.toString(order.minReputation()),
                        order.pricePerDeviceHour() == null ? "-" : Amounts.credits(order.pricePerDeviceHour()),
                        order.provider() == null ? "-" : order.provider());
            }
        }
    }

    /** How many nodes the order is for; a gang seat's lease says which seat: {@code 2/3} is seat 2 of 3. */
    static String nodes(MarketViews.OrderView order) {
        return order.member() == null ? Integer.toString(order.nodes()) : order.member() + "/" + order.nodes();
    }

    @Command(name = "bids", mixinStandardHelpOptions = true,
            description = {"Lists the bids in a job's auction (a job submitted with --auction), cheapest first.",
                "Example: gridmint market bids 5f3c...e1"})
    static final class Bids implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job id (64 hex characters).")
        String job;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            var auction = coordinator.client().marketAuction(Inputs.hash(job, "JOB"));
            if (json) {
                JsonOut.print(System.out, auction);
                return 0;
            }
            System.out.println("Auction of job " + auction.jobId() + ": open " + auction.openedAt() + " to " + auction.closesAt()
                    + " (ledger time), " + auction.bids().size() + " bids");
            System.out.printf("%-44s %-16s %-10s %s%n", "BID (PROVIDER)", "PRICE/DEV-H", "AT", "HOW");
            auction.bids().stream()
                    .sorted(java.util.Comparator.comparingLong(MarketViews.BidView::pricePerDeviceHour)
                            .thenComparing(MarketViews.BidView::provider))
                    .forEach(bid -> System.out.printf("%-44s %-16s %-10d %s%n", bid.provider(), Amounts.credits(bid.pricePerDeviceHour()),
                            bid.at(), bid.auto() ? "auto-bid" : "own bid"));
            System.out.println("Pick one: gridmint market accept " + auction.jobId() + " PROVIDER --key TENANT.json");
            return 0;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = {"Accepts a bid in your job's auction: signs AcceptBid, and the coordinator leases the job to that provider.",
                "Example: gridmint market accept 5f3c...e1 7Xq...Provider --key alice.json"})
    static final class Accept implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job id (64 hex characters).")
        String job;

        @Parameters(index = "1", paramLabel = "BID", description = "The bid to accept: its provider's address (see gridmint market bids).")
        String bid;

        @Override
        public Integer call() {
            var payload = new TxPayload.AcceptBid(Inputs.hash(job, "JOB"), Inputs.address(bid, "BID"));
            return signAndReport(options, payload, "Accepted the bid of " + bid + " for job " + job + ".",
                    "gridmint job status " + job);
        }
    }

    @Command(name = "bid", mixinStandardHelpOptions = true,
            description = {"Bids for a job put to auction, as its provider: signs PlaceBid, which replaces your auto-bid (or your earlier bid).",
                "The price is per device-hour, at most the job's maximum and your offer's own price.",
                "Example: gridmint market bid 5f3c...e1 --price 1.85 --key provider.json"})
    static final class Bid implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job id (64 hex characters).")
        String job;

        @Option(names = "--price", required = true, paramLabel = "CC", description = "Compute credits per device-hour, such as 1.85.")
        String price;

        @Override
        public Integer call() {
            long micro = Inputs.positiveCredits(price, "--price");
            var payload = new TxPayload.PlaceBid(Inputs.hash(job, "JOB"), micro);
            return signAndReport(options, payload, "Bid " + Amounts.credits(micro) + " per device-hour for job " + job + ".",
                    "gridmint market bids " + job);
        }
    }

    /** Signs the payload with the --key wallet, submits it and prints the acceptance, as JSON or as two lines. */
    private static int signAndReport(SubmitOptions options, TxPayload payload, String done, String follow) {
        var accepted = options.client().signAndSubmit(options.signer(), payload);
        if (options.json) {
            JsonOut.print(System.out, accepted);
        } else {
            System.out.println(done);
            System.out.println("Tx " + accepted.txHash() + " at height " + accepted.height()
                    + "; follow it with: " + follow);
        }
        return 0;
    }

    @Command(name = "prices", mixinStandardHelpOptions = true,
            description = {"Shows the price index: each device model's time-weighted median matched price, and its history.",
                "Example: gridmint market prices --model CPU"})
    static final class Prices implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--model", description = "Only this device model, for example H100-80GB or CPU.")
        String model;

        @Option(names = "--history", defaultValue = "10", description = "Closed periods to show per model, at most 1000 (default ${DEFAULT-VALUE}).")
        int history;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (history < 0 || history > 1_000) {
                throw new UserError("--history must be 0..1000");
            }
            var prices = coordinator.client().marketPrices(model, history);
            if (json) {
                JsonOut.print(System.out, Map.of("prices", prices));
                return 0;
            }
            if (prices.isEmpty()) {
                System.out.println("No matches yet" + (model == null ? "." : " for " + model + "."));
                return 0;
            }
            for (var price : prices) {
                System.out.printf("%-14s median %s per device-hour (periods of %d s)%n", price.model(), Amounts.credits(price.median()),
                        price.periodSeconds());
                for (var point : price.history()) {
                    System.out.printf("    %d..%d  %-16s %d matches%n", point.periodStart(), point.periodEnd(),
                            Amounts.credits(point.median()), point.matches());
                }
            }
            return 0;
        }
    }
}
