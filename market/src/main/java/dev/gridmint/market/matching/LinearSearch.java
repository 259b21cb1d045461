package dev.gridmint.market.matching;

import dev.gridmint.market.index.CapacityIndex;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.scoring.Scoring;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The naive reference: score every node on the market, keep the best. */
record LinearSearch(CapacityIndex index) implements Search {

    @Override
    public List<Choice> best(Query query, int region, int k, Set<Long> excluded) {
        Scoring scoring = index.scoring();
        String regionName = region == ANY_REGION ? null : index.regions().get(region);
        List<Choice> found = new ArrayList<>();
        for (Node node : index.nodes()) {
            if (query.fits(node) && (regionName == null || regionName.equals(node.region())) && !excluded.contains(node.id())) {
                found.add(new Choice(node, scoring.score(node.base(), node.free() - query.gpus(), query.prefers(node))));
            }
        }
        found.sort(Choice.BEST_FIRST);
        return found.size() <= k ? found : List.copyOf(found.subList(0, k));
    }
}
