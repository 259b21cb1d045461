package dev.gridmint.market.matching;

import dev.gridmint.market.index.Node;
import java.util.Comparator;

/** A node a search found for an order, and its score. Better is lower score, then lower offer id. */
public record Choice(Node node, long score) {

    static final Comparator<Choice> BEST_FIRST = Comparator.comparingLong(Choice::score).thenComparingLong(c -> c.node().id());

    public long offerId() {
        return node.id();
    }
}
