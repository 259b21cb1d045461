package dev.gridmint.market.index;

import dev.gridmint.market.offer.Interconnect;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.order.NodeMinimums;

/**
 * A listed offer and what is left of it: which GPUs are leased (one bit each), the price the
 * owner's policy asks at that use, and the base of its score. Only {@link CapacityIndex} changes
 * it, and always takes it out of its bucket first, because the bucket's order depends on these fields.
 */
public final class Node {

    private final Offer offer;
    final int model;
    final int region;
    // Copies of the offer's fields that every search reads, so that checking a node touches one
    // object rather than four (the offer, its hardware, its window): these checks are memory-bound.
    private final long floor;
    private final long availableFrom;
    private final long availableUntil;
    private final int cpuCores;
    private final int ramGb;
    private final int diskGb;
    private final int bandwidthMbps;
    private final boolean nvlink;
    private final int gpuCount;
    private long usedMask;
    private int reputation;
    private long price;
    private long base;

    Node(Offer offer, int model, int region) {
        this.offer = offer;
        this.model = model;
        this.region = region;
        this.reputation = offer.reputation();
        var hardware = offer.hardware();
        this.floor = offer.policy().floor(hardware.gpu().name()).orElseThrow();
        this.availableFrom = offer.availability().from();
        this.availableUntil = offer.availability().until();
        this.cpuCores = hardware.cpuCores();
        this.ramGb = hardware.ramGb();
        this.diskGb = hardware.diskGb();
        this.bandwidthMbps = hardware.bandwidthMbps();
        this.nvlink = hardware.interconnect() == Interconnect.NVLINK;
        this.gpuCount = hardware.gpuCount();
    }

    /** The owner's floor for this node's model. */
    public long floor() {
        return floor;
    }

    /** As {@link NodeMinimums#metBy}, from the copies. */
    public boolean meets(NodeMinimums minimums) {
        return (nvlink || minimums.interconnect() == Interconnect.PCIE)
                && cpuCores >= minimums.cpuCores()
                && ramGb >= minimums.ramGb()
                && diskGb >= minimums.diskGb()
                && bandwidthMbps >= minimums.bandwidthMbps();
    }

    /** As {@link dev.gridmint.market.offer.Availability#covers}, from the copies. */
    public boolean availableFor(long start, long end) {
        return availableFrom <= start && end <= availableUntil;
    }

    /** As {@link dev.gridmint.market.offer.Availability#isOpenAt}, from the copies. */
    public boolean availableAt(long time) {
        return availableFrom <= time && time < availableUntil;
    }

    public Offer offer() {
        return offer;
    }

    public long id() {
        return offer.id();
    }

    public int gpuCount() {
        return gpuCount;
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
