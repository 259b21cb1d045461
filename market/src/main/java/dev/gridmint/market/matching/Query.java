package dev.gridmint.market.matching;

import dev.gridmint.market.index.CapacityIndex;
import dev.gridmint.market.index.Node;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.Tier;
import java.util.List;

/**
 * An order resolved against the index once: the model ids it accepts, the region ids it permits,
 * and the lease period it needs. {@link #fits} is the one definition of "this node meets this
 * order", used by both searches.
 */
record Query(Order order, int[] models, int[] regions, long start, long end) {

    static Query of(Order order, CapacityIndex index, long start) {
        List<GpuModel> known = index.models();
        int[] models = new int[known.size()];
        int m = 0;
        for (int id = 0; id < known.size(); id++) {
            if (order.gpu().accepts(known.get(id))) {
                models[m++] = id;
            }
        }
        List<String> names = index.regions();
        int[] regions = new int[names.size()];
        int r = 0;
        int preferred = order.regions().preferred().map(index::regionId).orElse(-1);
        if (preferred >= 0 && order.regions().permits(names.get(preferred))) {
            regions[r++] = preferred; // searched first: scores there carry no region surcharge
        }
        for (int id = 0; id < names.size(); id++) {
            if (id != preferred && order.regions().permits(names.get(id))) {
                regions[r++] = id;
            }
        }
        return new Query(order, java.util.Arrays.copyOf(models, m), java.util.Arrays.copyOf(regions, r), start,
                order.term().endFrom(start));
    }

    int gpus() {
        return order.gpusPerNode();
    }

    boolean prefers(Node node) {
        return order.regions().prefers(node.region());
    }

    /** Everything an order asks of a node, capacity included. */
    boolean fits(Node node) {
        return node.free() >= order.gpusPerNode()
                && order.gpu().accepts(node.offer().hardware().gpu())
                && order.regions().permits(node.region())
                && fitsBesidesBucket(node);
    }

    /** What the bucket a node sits in does not already guarantee: all but model, region and free GPUs. */
    boolean fitsBesidesBucket(Node node) {
        return fitsAt(node, node.price());
    }

    /** As {@link #fitsBesidesBucket}, at a price other than the node's policy price (an auction bid). */
    boolean fitsAt(Node node, long price) {
        return node.reputation() >= order.minReputation()
                && price <= order.maxPricePerGpuHour()
                && node.meets(order.minimums())
                && available(node);
    }

    /** A reserved lease needs the node for its whole term; spot takes what is there now and may be cut short. */
    private boolean available(Node node) {
        return order.tier() == Tier.SPOT ? node.availableAt(start) : node.availableFor(start, end);
    }
}
