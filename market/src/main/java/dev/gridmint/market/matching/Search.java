package dev.gridmint.market.matching;

import java.util.List;
import java.util.Set;

/**
 * How the market finds nodes for an order. The two kinds must return exactly the same choices:
 * the indexed one is what runs, the linear scan is the reference it is tested and benchmarked against.
 */
sealed interface Search permits IndexedSearch, LinearSearch {

    /** Region id meaning "every region the order permits". */
    int ANY_REGION = -1;

    /**
     * Up to {@code k} best nodes that fit the query, in {@code region} or in any permitted region,
     * leaving out {@code excluded} offer ids, best first.
     */
    List<Choice> best(Query query, int region, int k, Set<Long> excluded);
}
