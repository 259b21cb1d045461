package dev.gridmint.market.matching;

import dev.gridmint.market.index.CapacityIndex;
import dev.gridmint.market.index.Node;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Placing N nodes × G GPUs at once. For each permitted region, a candidate gang is built:
 * the region's best node anchors it, the anchor's provider's other fitting nodes in the region come
 * next (best first: one provider usually means one fabric), and the region's best remaining nodes
 * fill the rest. The candidate with the lowest total score wins, then the one with fewer providers,
 * then the region name. Only when no single region can hold the gang, and the order allows it,
 * is the same rule applied across all its regions. Nothing is allocated here: the caller takes
 * the whole gang or nothing.
 */
final class GangRule {

    private record Gang(List<Choice> nodes, BigInteger total, int providers, String region) {}

    private static final Comparator<Gang> BEST_FIRST = Comparator.comparing(Gang::total)
            .thenComparingInt(Gang::providers)
            .thenComparing(Gang::region);

    private GangRule() {}

    static Optional<List<Choice>> place(Query query, Search search, CapacityIndex index, Set<Long> excluded) {
        // No node of a region's gang scores better than the region's best node (its anchor), so
        // N × the anchor's score bounds the gang's total from below. Regions are tried from the best anchor
        // on, and the rest are skipped once that bound exceeds the best gang found.
        List<Choice> anchors = new ArrayList<>();
        List<Integer> regionOf = new ArrayList<>();
        for (int region : query.regions()) {
            List<Choice> anchor = search.best(query, region, 1, excluded);
            if (!anchor.isEmpty()) {
                anchors.add(anchor.getFirst());
                regionOf.add(region);
            }
        }
        Integer[] byAnchor = new Integer[anchors.size()];
        for (int i = 0; i < byAnchor.length; i++) {
            byAnchor[i] = i;
        }
        java.util.Arrays.sort(byAnchor, (a, b) -> Choice.BEST_FIRST.compare(anchors.get(a), anchors.get(b)));
        BigInteger size = BigInteger.valueOf(query.order().nodes());
        Gang best = null;
        for (int i : byAnchor) {
            if (best != null && BigInteger.valueOf(anchors.get(i).score()).multiply(size).compareTo(best.total()) > 0) {
                break;
            }
            Gang gang = build(query, search, index, regionOf.get(i), anchors.get(i), excluded);
            if (gang != null && (best == null || BEST_FIRST.compare(gang, best) < 0)) {
                best = gang;
            }
        }
        if (best == null && query.order().spanRegions()) {
            List<Choice> anchor = search.best(query, Search.ANY_REGION, 1, excluded);
            if (!anchor.isEmpty()) {
                best = build(query, search, index, Search.ANY_REGION, anchor.getFirst(), excluded);
            }
        }
        return Optional.ofNullable(best).map(Gang::nodes);
    }

    private static Gang build(Query query, Search search, CapacityIndex index, int region, Choice anchor, Set<Long> excluded) {
        int size = query.order().nodes();
        List<Choice> chosen = new ArrayList<>(size);
        chosen.add(anchor);
        String regionName = region == Search.ANY_REGION ? null : index.regions().get(region);
        chosen.addAll(sameProvider(query, index, anchor.node(), regionName, size - 1, excluded));
        int missing = size - chosen.size();
        if (missing > 0) {
            Set<Long> taken = new HashSet<>(excluded);
            chosen.forEach(c -> taken.add(c.offerId()));
            List<Choice> rest = search.best(query, region, missing, taken);
            if (rest.size() < missing) {
                return null;
            }
            chosen.addAll(rest);
        }
        BigInteger total = BigInteger.ZERO;
        Set<Object> providers = new HashSet<>();
        for (Choice choice : chosen) {
            total = total.add(BigInteger.valueOf(choice.score()));
            providers.add(choice.node().offer().provider());
        }
        return new Gang(List.copyOf(chosen), total, providers.size(), regionName == null ? "" : regionName);
    }

    private static List<Choice> sameProvider(Query query, CapacityIndex index, Node anchor, String region, int limit,
            Set<Long> excluded) {
        if (limit == 0) {
            return List.of();
        }
        var scoring = index.scoring();
        List<Choice> siblings = new ArrayList<>();
        for (Node node : index.nodesOf(anchor.offer().provider())) {
            if (node != anchor && !excluded.contains(node.id()) && query.fits(node) && (region == null || region.equals(node.region()))) {
                siblings.add(new Choice(node, scoring.score(node.base(), node.free() - query.gpus(), query.prefers(node))));
            }
        }
        siblings.sort(Choice.BEST_FIRST);
        return siblings.size() <= limit ? siblings : siblings.subList(0, limit);
    }
}
