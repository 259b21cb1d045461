package dev.gridmint.market.index;

import dev.gridmint.market.offer.Offer;

/**
 * A listed offer and what is left of it: which GPUs are leased (one bit each), the price the
 * owner's policy asks at that use, and the base of its score. Only {@link CapacityIndex} changes
 * it, and always takes it out of its bucket first, because the bucket's order depends on these fields.
 */
public final class Node {

    private final Offer offer;
    final int model;
    final int region;
    private long usedMask;
    private int reputation;
    private long price;
    private long base;

    Node(Offer offer, int model, int region) {
        this.offer = offer;
        this.model = model;
        this.region = region;
        this.reputation = offer.reputation();
    }

    public Offer offer() {
        return offer;
    }

    public long id() {
        return offer.id();
    }

    public int gpuCount() {
        return offer.hardware().gpuCount();
    }

    public int used() {
        return Long.bitCount(usedMask);
    }

    public int free() {
        return gpuCount() - used();
    }

    public long usedMask() {
        return usedMask;
    }

    public int reputation() {
        return reputation;
    }

    /** The price per GPU-hour the owner's policy asks for the next GPU of this node. */
    public long price() {
        return price;
    }

    /** Price times the reputation factor: the node's own part of its score. */
    public long base() {
        return base;
    }

    public String region() {
        return offer.location().region();
    }

    void setUsedMask(long mask) {
        this.usedMask = mask;
    }

    void setReputation(int reputation) {
        this.reputation = reputation;
    }

    void reprice(long price, long base) {
        this.price = price;
        this.base = base;
    }

    @Override
    public String toString() {
        return "Node[" + offer.id() + " " + offer.hardware().gpu().name() + " " + region() + " free " + free() + "/" + gpuCount()
                + " price " + price + "]";
    }
}
