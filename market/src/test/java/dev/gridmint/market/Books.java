package dev.gridmint.market;

import dev.gridmint.core.economics.Reputation;
import dev.gridmint.market.offer.Availability;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.Interconnect;
import dev.gridmint.market.offer.Location;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.offer.PricePolicy;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.NodeMinimums;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.RegionRule;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.order.Tier;

/** Small hand-made offers and orders for unit tests. */
public final class Books {

    public static final GpuModel H100 = new GpuModel("H100-80GB", 80, 989);
    public static final GpuModel A100 = new GpuModel("A100-80GB", 80, 312);

    private Books() {}

    /** An always-available H100 node of {@code provider} at a flat price, neutral reputation. */
    public static Offer h100(long id, int provider, int gpus, String region, long price) {
        return offer(id, provider, H100, gpus, region, price, Reputation.NEUTRAL, Availability.ALWAYS, true);
    }

    public static Offer offer(long id, int provider, GpuModel model, int gpus, String region, long price, int reputation,
                              Availability window, boolean autoBid) {
        return new Offer(id, MarketGen.address(provider), new Hardware(model, gpus, Interconnect.NVLINK, 32, 256, 2000, 10_000),
                new Location(region, "DE"), PricePolicy.flat(model.name(), price), window, reputation, autoBid);
    }

    public static Order order(long id, int gpus, int nodes, long maxPrice, Tier tier, long seconds) {
        return new Order(id, MarketGen.address(9_999), GpuRequirement.AnyOf.of(H100.name()), gpus, nodes, NodeMinimums.NONE,
                RegionRule.ANYWHERE, 0, maxPrice, new Term.Fixed(seconds), tier, false);
    }
}
