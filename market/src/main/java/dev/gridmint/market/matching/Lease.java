package dev.gridmint.market.matching;

import dev.gridmint.market.order.Order;
import java.util.List;

/**
 * A filled order: its grants, one per node, all made at once. The id is the order's.
 *
 * @param end exclusive, in seconds; {@code Long.MAX_VALUE} while open-ended
 */
public record Lease(long id, Order order, List<Grant> grants, long start, long end, LeaseStatus status) {

    public Lease {
        grants = List.copyOf(grants);
    }

    public int gpus() {
        return grants.stream().mapToInt(Grant::gpus).sum();
    }

    public boolean isOpenEnded() {
        return end == Long.MAX_VALUE;
    }

    Lease withEnd(long newEnd) {
        return new Lease(id, order, grants, start, newEnd, status);
    }

    Lease withStatus(LeaseStatus newStatus) {
        return new Lease(id, order, grants, start, end, newStatus);
    }
}
