package dev.gridmint.workloads.diloco;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One round as the aggregator announces it: who works on which shard from which data cursor, by when
 * (logical time, as the caller counts it), and how many accepted Δs the round needs to be applied.
 *
 * @param assignments one per member, in ascending worker order
 * @param deadline    the last logical time at which a Δ counts; a later one is left out as late
 * @param quorum      the fewest accepted Δs for the outer step to be taken
 */
public record RoundPlan(long round, String thetaHash, List<Assignment> assignments, long deadline, int quorum) {

    /** Worker {@code worker} trains shard {@code shard} from data cursor {@code cursor}. */
    public record Assignment(int worker, int shard, long cursor) {}

    public RoundPlan {
        Objects.requireNonNull(thetaHash, "thetaHash");
        assignments = List.copyOf(assignments);
        if (round < 0 || quorum < 1) {
            throw new IllegalArgumentException("round must be >= 0 and quorum >= 1");
        }
        Set<Integer> workers = new HashSet<>();
        Set<Integer> shards = new HashSet<>();
        for (Assignment a : assignments) {
            if (!workers.add(a.worker()) || !shards.add(a.shard())) {
                throw new IllegalArgumentException("worker " + a.worker() + " or shard " + a.shard()
                        + " assigned twice");
            }
        }
    }

    /** The members, in ascending order. */
    public List<Integer> members() {
        return assignments.stream().map(Assignment::worker).toList();
    }

    public Optional<Assignment> assignmentOf(int worker) {
        return assignments.stream().filter(a -> a.worker() == worker).findFirst();
    }
}
