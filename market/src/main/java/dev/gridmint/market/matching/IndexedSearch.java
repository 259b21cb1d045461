package dev.gridmint.market.matching;

import dev.gridmint.market.index.CapacityIndex;
import dev.gridmint.market.index.Node;
import dev.gridmint.market.scoring.Scoring;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Best-first over the index's buckets. Within one bucket (a model, a region, a number of free
 * GPUs) the fit and region factors are the same for every node, so scores rise with the bucket's
 * order: the walk of a bucket stops at its first fitting node once it has {@code k}, or as soon as
 * a node cannot beat the k-th best found so far. A bucket whose best base cannot beat the k-th
 * best is not walked at all. Only models and regions the order accepts are visited (the preferred
 * region first, so that a good bound comes early), and only levels with enough free GPUs.
 */
record IndexedSearch(CapacityIndex index) implements Search {

    @Override
    public List<Choice> best(Query query, int region, int k, Set<Long> excluded) {
        Scoring scoring = index.scoring();
        int gpus = query.gpus();
        long enoughFree = -1L << (gpus - 1); // free-level bit f-1 for every f >= gpus
        var top = new TopK(k);
        int[] regions = region == ANY_REGION ? query.regions() : permitted(query, region);
        for (int model : query.models()) {
            for (int r : regions) {
                long levels = index.freeLevels(model, r) & enoughFree;
                if (levels == 0) {
                    continue;
                }
                boolean preferred = query.order().regions().prefers(index.regions().get(r));
                while (levels != 0) {
                    int free = Long.numberOfTrailingZeros(levels) + 1;
                    levels &= levels - 1;
                    if (top.couldBeat(scoring.score(index.headBase(model, r, free), free - gpus, preferred))) {
                        walk(index.bucket(model, r, free), query, scoring, free - gpus, preferred, excluded, top);
                    }
                }
            }
        }
        return top.sorted();
    }

    private static void walk(Iterable<Node> bucket, Query query, Scoring scoring, int leftover, boolean preferred,
                             Set<Long> excluded, TopK top) {
        int taken = 0;
        for (Node node : bucket) {
            long score = scoring.score(node.base(), leftover, preferred);
            if (!top.couldAdmit(score, node.id())) {
                return; // every later node of this bucket scores the same or worse
            }
            if (query.fitsBesidesBucket(node) && !excluded.contains(node.id())) {
                top.add(new Choice(node, score));
                if (++taken == top.k) {
                    return;
                }
            }
        }
    }

    private static int[] permitted(Query query, int region) {
        for (int r : query.regions()) {
            if (r == region) {
                return new int[] {region};
            }
        }
        return new int[0];
    }

    /** The k best choices seen so far, kept sorted; k is small (1 for single nodes, the gang size otherwise). */
    private static final class TopK {
        final int k;
        final List<Choice> items;

        TopK(int k) {
            this.k = k;
            this.items = new ArrayList<>(Math.min(k, 64));
        }

        /** Whether a node scoring {@code score} might enter, whatever its id. */
        boolean couldBeat(long score) {
            return items.size() < k || score <= items.get(items.size() - 1).score();
        }

        boolean couldAdmit(long score, long id) {
            if (items.size() < k) {
                return true;
            }
            Choice worst = items.get(items.size() - 1);
            return score < worst.score() || (score == worst.score() && id < worst.node().id());
        }

        void add(Choice choice) {
            int at = items.size();
            while (at > 0 && Choice.BEST_FIRST.compare(items.get(at - 1), choice) > 0) {
                at--;
            }
            items.add(at, choice);
            if (items.size() > k) {
                items.remove(items.size() - 1);
            }
        }

        List<Choice> sorted() {
            return items;
        }
    }
}
