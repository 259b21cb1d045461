package dev.gridmint.market.order;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.PricePolicy;

/**
 * A tenant's order: {@code nodes} nodes of {@code gpusPerNode} GPUs each, placed all at once or
 * not at all. Prices are micro-CC per GPU-hour.
 *
 * @param id unique; the lease that fills the order carries the same id
 * @param spanRegions whether a multi-node order may be spread over regions when no single region can hold it
 */
public record Order(long id, Address tenant, GpuRequirement gpu, int gpusPerNode, int nodes, NodeMinimums minimums,
                    RegionRule regions, int minReputation, long maxPricePerGpuHour, Term term, Tier tier,
                    boolean spanRegions) {

    public static final int MAX_NODES = 64;

    public Order {
        if (id < 0 || tenant == null || gpu == null || minimums == null || regions == null || term == null || tier == null) {
            throw new IllegalArgumentException("an order needs an id, tenant, GPU requirement, minimums, regions, term and tier");
        }
        if (gpusPerNode < 1 || gpusPerNode > Hardware.MAX_GPUS || nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("an order takes 1.." + Hardware.MAX_GPUS + " GPUs on 1.." + MAX_NODES + " nodes");
        }
        if (minReputation < 0 || maxPricePerGpuHour <= 0 || maxPricePerGpuHour > PricePolicy.MAX_PRICE) {
            throw new IllegalArgumentException("minimum reputation is not negative and the maximum price is 1.." + PricePolicy.MAX_PRICE);
        }
    }

    /** A single-node order with no minimums beyond the GPUs, anywhere, reserved. */
    public static Order simple(long id, Address tenant, GpuRequirement gpu, int gpus, long maxPrice, Term term) {
        return new Order(id, tenant, gpu, gpus, 1, NodeMinimums.NONE, RegionRule.ANYWHERE, 0, maxPrice, term, Tier.RESERVED, false);
    }

    public boolean isGang() {
        return nodes > 1;
    }

    public Order withId(long newId) {
        return new Order(newId, tenant, gpu, gpusPerNode, nodes, minimums, regions, minReputation, maxPricePerGpuHour, term, tier, spanRegions);
    }
}
