package dev.gridmint.market.ledger;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Provider;
import dev.gridmint.market.offer.Availability;
import dev.gridmint.core.state.GpuCatalog;
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
import java.util.Optional;
import java.util.Set;

/**
 * The ledger's offers and jobs as the market's offers and orders.
 *
 * <p>A ledger offer has one flat price per device-hour, and the ledger bills a lease at exactly that
 * price, so the market's policy is that floor with no surcharge: the market never quotes a price
 * the ledger would not charge. What the ledger does not record (interconnect, disk, bandwidth, the
 * country) is left at the weakest value, so no order can demand it of a node that never claimed it.
 * Every provider bids in auctions from its policy (auto-bid): the ledger has no bid transaction for
 * a provider to bid by hand, and its flat price is the only price the ledger would bill.
 */
public final class FromLedger {

    /** ISO 3166's code for "unknown": the ledger records a region, not a country. */
    public static final String UNKNOWN_COUNTRY = "ZZ";

    private FromLedger() {}

    /**
     * A stable offer id for a provider: the first 63 bits of its public key, so that ties between
     * equal scores go to the lower address, as they did before the market, on every machine and after
     * every restart. Two providers sharing those bits is a 2^-63 event; the caller lists the first.
     */
    public static long offerId(Address provider) {
        byte[] key = provider.publicKey();
        long id = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            id = (id << 8) | (key[i] & 0xff);
        }
        return id >>> 1;
    }

    /**
     * The provider's one node, at its ledger reputation; a node of more than {@link Hardware#MAX_GPUS}
     * devices offers that many.
     */
    public static Offer offer(Provider provider) {
        HardwareOffer offer = provider.offer();
        GpuModel model = GpuCatalog.model(offer);
        int devices = Math.min(offer.deviceCount(), Hardware.MAX_GPUS);
        int ramGb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, offer.memoryMb() / 1024));
        var hardware = new Hardware(model, devices, Interconnect.PCIE, offer.cpuCores(), ramGb, 0, 0);
        return new Offer(offerId(provider.address()), provider.address(), hardware, new Location(offer.region(), UNKNOWN_COUNTRY),
                PricePolicy.flat(model.name(), offer.pricePerDeviceHour()), Availability.ALWAYS, provider.reputation(), true);
    }

    /**
     * A job's order: one node with the job's devices, up to its price, with its requirements, for
     * {@code termSeconds} (its longest run, {@code maxSeconds}; a lease rebuilt after a restart keeps
     * that term from its original start, see {@code Market.reinstate}).
     */
    public static Order order(long id, Address tenant, JobSpec spec, long termSeconds) {
        if (spec.devices() > Hardware.MAX_GPUS) {
            throw new IllegalArgumentException("the market places at most " + Hardware.MAX_GPUS + " devices on a node");
        }
        JobRequirements wants = spec.requirements();
        return new Order(id, tenant, gpu(wants), spec.devices(), 1, NodeMinimums.NONE,
                new RegionRule(Set.copyOf(wants.regions()), Set.copyOf(wants.deniedRegions()), Optional.empty()), wants.minReputation(),
                spec.maxPricePerDeviceHour(), new Term.Fixed(Math.max(1, termSeconds)), wants.spot() ? Tier.SPOT : Tier.RESERVED,
                false);
    }

    /**
     * Seats of a multi-node job as one gang order: {@code seats} nodes of the job's devices each, placed all at once or
     * not at all, allowed to span the job's regions when no single region holds them (the gang rule still prefers one
     * provider, then one region). Always reserved: a gang is never reclaimed for spot, since losing one member
     * stalls the rest.
     */
    public static Order gangOrder(long id, Address tenant, JobSpec spec, int seats) {
        Order single = seatOrder(id, tenant, spec, spec.maxSeconds());
        return new Order(id, tenant, single.gpu(), single.gpusPerNode(), seats, single.minimums(), single.regions(),
                single.minReputation(), single.maxPricePerGpuHour(), single.term(), Tier.RESERVED, true);
    }

    /** One seat of a multi-node job, booked on its own node: like {@link #order}, but reserved (see {@link #gangOrder}). */
    public static Order seatOrder(long id, Address tenant, JobSpec spec, long termSeconds) {
        Order order = order(id, tenant, spec, termSeconds);
        return new Order(id, tenant, order.gpu(), order.gpusPerNode(), 1, order.minimums(), order.regions(), order.minReputation(),
                order.maxPricePerGpuHour(), order.term(), Tier.RESERVED, false);
    }

    /**
     * Named models (as the catalog spells them, so {@code h100-80gb} is {@code H100-80GB}), or at
     * least so much VRAM and so many TFLOPS, or any device at all, the CPU included, which is what a job
     * asked before it could say more.
     */
    static GpuRequirement gpu(JobRequirements wants) {
        if (!wants.gpuModels().isEmpty()) {
            return new GpuRequirement.AnyOf(wants.gpuModels().stream()
                    .map(name -> GpuCatalog.byName(name).map(GpuModel::name).orElse(name))
                    .collect(java.util.stream.Collectors.toSet()));
        }
        return new GpuRequirement.AtLeast(wants.minVramGb(), wants.minTflops());
    }

    /** Whether the market can place this job at all (a node holds at most {@link Hardware#MAX_GPUS} devices). */
    public static boolean placeable(JobSpec spec) {
        return spec.devices() <= Hardware.MAX_GPUS;
    }

}
