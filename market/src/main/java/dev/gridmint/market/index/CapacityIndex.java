package dev.gridmint.market.index;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.market.offer.Hardware;
import dev.gridmint.market.offer.Offer;
import dev.gridmint.market.scoring.Scoring;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The free capacity of the market, kept where the matcher can find the best node without looking
 * at every node: one bucket per (GPU model, region, free GPUs), each ordered by the node's
 * {@link Node#base() base score} and then its offer id.
 *
 * <p>Models and regions are interned to small ints in the order they are first listed; the ids
 * only address buckets and never decide a match, so listing order cannot change a result.
 * A per (model, region) bit set says which free-GPU levels hold any node, so empty buckets cost
 * nothing.
 */
public final class CapacityIndex {

    private static final Comparator<Node> BY_BASE_THEN_ID = Comparator.comparingLong(Node::base).thenComparingLong(Node::id);

    private final Scoring scoring;
    private final Map<Long, Node> byId = new HashMap<>();
    private final Map<Address, List<Node>> byProvider = new HashMap<>();
    private final List<GpuModel> models = new ArrayList<>();
    private final Map<String, Integer> modelIds = new HashMap<>();
    private final List<String> regions = new ArrayList<>();
    private final Map<String, Integer> regionIds = new HashMap<>();
    /** shelves.get(model).get(region), grown as models and regions appear. */
    private final List<List<Shelf>> shelves = new ArrayList<>();

    /**
     * The buckets of one (model, region): index = free GPUs. Each bucket's best node and its base are
     * kept beside it, so a search can rule a bucket out from one array read instead of walking a
     * tree whose nodes are scattered over the heap (that walk, a cache miss per level, was most of
     * the cost of a search).
     */
    private static final class Shelf {
        long nonEmpty;
        @SuppressWarnings("unchecked")
        final NavigableSet<Node>[] byFree = new NavigableSet[Hardware.MAX_GPUS + 1];
        final Node[] head = new Node[Hardware.MAX_GPUS + 1];
        final long[] headBase = new long[Hardware.MAX_GPUS + 1];
    }

    public CapacityIndex(Scoring scoring) {
        this.scoring = scoring;
    }

    public Scoring scoring() {
        return scoring;
    }

    /** Adds a node; the caller has checked that the id is new and that the policy prices the model. */
    public Node add(Offer offer) {
        GpuModel gpu = offer.hardware().gpu();
        int model = modelIds.computeIfAbsent(gpu.name(), name -> {
            models.add(gpu);
            shelves.add(new ArrayList<>());
            return models.size() - 1;
        });
        int region = regionIds.computeIfAbsent(offer.location().region(), name -> {
            regions.add(name);
            return regions.size() - 1;
        });
        Node node = new Node(offer, model, region);
        reprice(node);
        byId.put(offer.id(), node);
        byProvider.computeIfAbsent(offer.provider(), p -> new ArrayList<>(4)).add(node);
        insert(node);
        return node;
    }

    /** Takes an idle node off the market. */
    public void remove(Node node) {
        unlink(node);
        byId.remove(node.id());
        List<Node> ofProvider = byProvider.get(node.offer().provider());
        ofProvider.remove(node);
        if (ofProvider.isEmpty()) {
            byProvider.remove(node.offer().provider());
        }
    }

    public Node node(long offerId) {
        return byId.get(offerId);
    }

    public boolean contains(long offerId) {
        return byId.containsKey(offerId);
    }

    public int size() {
        return byId.size();
    }

    public Collection<Node> nodes() {
        return byId.values();
    }

    public List<Node> nodesOf(Address provider) {
        return byProvider.getOrDefault(provider, List.of());
    }

    public List<GpuModel> models() {
        return models;
    }

    public int modelId(String name) {
        return modelIds.getOrDefault(name, -1);
    }

    public List<String> regions() {
        return regions;
    }

    public int regionId(String name) {
        return regionIds.getOrDefault(name, -1);
    }

    /**
     * Bit {@code f - 1} set: the bucket of nodes with {@code f} free GPUs of this model in this region
     * is not empty (a full node is in no bucket, so 64 levels fit one {@code long}).
     */
    public long freeLevels(int model, int region) {
        List<Shelf> ofModel = shelves.get(model);
        if (region >= ofModel.size()) {
            return 0;
        }
        Shelf shelf = ofModel.get(region);
        return shelf == null ? 0 : shelf.nonEmpty;
    }

    /** The lowest base in a non-empty bucket: a lower bound of every score in it. */
    public long headBase(int model, int region, int free) {
        return shelves.get(model).get(region).headBase[free];
    }

    /** The nodes of one bucket, best base first. Read only. */
    public NavigableSet<Node> bucket(int model, int region, int free) {
        return shelves.get(model).get(region).byFree[free];
    }

    /** Leases {@code gpus} of the node's free GPUs, lowest first, and returns their bits. */
    public long allocate(Node node, int gpus) {
        if (gpus > node.free()) {
            throw new IllegalStateException("node " + node.id() + " has " + node.free() + " free GPUs, not " + gpus);
        }
        long taken = 0;
        long freeBits = ~node.usedMask() & allBits(node.gpuCount());
        for (int i = 0; i < gpus; i++) {
            long lowest = Long.lowestOneBit(freeBits);
            taken |= lowest;
            freeBits &= ~lowest;
        }
        setUsed(node, node.usedMask() | taken);
        return taken;
    }

    /** Gives the GPUs in {@code mask} back to the node. */
    public void release(Node node, long mask) {
        if ((node.usedMask() & mask) != mask) {
            throw new IllegalStateException("node " + node.id() + " does not hold all of the GPUs released");
        }
        setUsed(node, node.usedMask() & ~mask);
    }

    public void setReputation(Node node, int reputation) {
        unlink(node);
        node.setReputation(reputation);
        reprice(node);
        insert(node);
    }

    private void setUsed(Node node, long mask) {
        unlink(node);
        node.setUsedMask(mask);
        reprice(node);
        insert(node);
    }

    private void reprice(Node node) {
        long price = node.offer().policy().priceAt(node.floor(), node.used(), node.gpuCount());
        node.reprice(price, scoring.base(price, node.reputation()));
    }

    private void insert(Node node) {
        int free = node.free();
        if (free == 0) {
            return; // a full node is in no bucket: nothing can be matched on it
        }
        Shelf shelf = shelf(node.model, node.region);
        if (shelf.byFree[free] == null) {
            shelf.byFree[free] = new TreeSet<>(BY_BASE_THEN_ID);
        }
        shelf.byFree[free].add(node);
        shelf.nonEmpty |= 1L << (free - 1);
        Node head = shelf.head[free];
        if (head == null || BY_BASE_THEN_ID.compare(node, head) < 0) {
            shelf.head[free] = node;
            shelf.headBase[free] = node.base();
        }
    }

    private void unlink(Node node) {
        int free = node.free();
        if (free == 0) {
            return;
        }
        Shelf shelf = shelf(node.model, node.region);
        NavigableSet<Node> bucket = shelf.byFree[free];
        if (!bucket.remove(node)) {
            throw new IllegalStateException("node " + node.id() + " was not in its bucket");
        }
        if (bucket.isEmpty()) {
            shelf.nonEmpty &= ~(1L << (free - 1));
            shelf.head[free] = null;
        } else if (shelf.head[free] == node) {
            Node head = bucket.first();
            shelf.head[free] = head;
            shelf.headBase[free] = head.base();
        }
    }

    private Shelf shelf(int model, int region) {
        List<Shelf> ofModel = shelves.get(model);
        while (ofModel.size() <= region) {
            ofModel.add(null);
        }
        Shelf shelf = ofModel.get(region);
        if (shelf == null) {
            shelf = new Shelf();
            ofModel.set(region, shelf);
        }
        return shelf;
    }

    static long allBits(int count) {
        return count == 64 ? -1L : (1L << count) - 1;
    }
}
