package dev.gridmint.node.api;

import java.util.List;

/**
 * The JSON shapes of {@code /v1/market}: the coordinator's order book as it stands in memory.
 * Prices are micro-CC per device-hour; times are ledger seconds.
 */
public final class MarketViews {

    private MarketViews() {}

    /**
     * A registered provider's offer. {@code model} is the market's device model ({@code CPU} for a
     * machine traded as one CPU device); {@code listed} says whether it is on the market now (online
     * and staked), and {@code freeDevices} how many of its devices no lease holds (0 when not listed).
     */
    public record OfferView(String provider, long offerId, String model, String deviceModel, int devices, int freeDevices,
            long pricePerDeviceHour, String region, int reputation, boolean online, boolean active, boolean listed,
            long downMbps, long upMbps, long diskFreeGb) {}

    /**
     * An order: {@code OPEN} (a queued job that found no match on the last pass), {@code AUCTION} (a queued
 * job whose auction is open; see {@code /v1/market/auctions/{job}}), {@code RECLAIMING} (a reserved job
 * waiting out the notice of the spot leases it reclaims; {@code start} is the deadline) or {@code MATCHED}
     * (a lease in the book; {@code provider}, {@code pricePerDeviceHour}, {@code start} and {@code end} set).
     */
    public record OrderView(long orderId, String jobId, String tenant, String status, int devices,
            long maxPricePerDeviceHour, long termSeconds, String tier, String gpu, List<String> regions,
            List<String> deniedRegions, int minReputation, String provider, Long pricePerDeviceHour, Long start, Long end,
            int nodes, Integer member) {}

    /** A provider's bid in a job's auction; {@code auto}: placed for it from its price policy. */
    public record BidView(String provider, long offerId, long pricePerDeviceHour, long at, boolean auto) {}

    /** A job's reverse auction: its window in ledger seconds and the bids so far, in the order they came. */
    public record AuctionView(String jobId, long orderId, long openedAt, long closesAt, List<BidView> bids) {}

    /** One closed period of the price index. */
    public record PricePoint(long periodStart, long periodEnd, long median, int matches) {}

    /** A device model's price index: the time-weighted median of the current period, and closed periods, oldest first. */
    public record PriceView(String model, long median, long periodSeconds, List<PricePoint> history) {}
}
