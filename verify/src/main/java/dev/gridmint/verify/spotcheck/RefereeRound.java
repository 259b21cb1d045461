package dev.gridmint.verify.spotcheck;

import dev.gridmint.core.crypto.Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles a disagreement between a job's original result and its re-execution: 2N+1 referees
 * re-run the job, each votes for the side its output agrees with (or for neither), and a strict
 * majority of all referees, N+1, names the side at fault. Anything less is inconclusive and
 * slashes nobody: an honest provider is never faulted without a majority against it.
 */
public final class RefereeRound {

    /** One referee's re-run. */
    public record RefereeRun(Address referee, float[] output) {}

    /** The two sides of the disagreement. */
    public record Dispute(Address original, float[] originalOutput, Address rerunner, float[] rerunOutput) {}

    /** Who was at fault, who was vindicated, and the referees that said so. */
    public record Fault(Address atFault, Address vindicated, List<Address> majority) {}

    public sealed interface Decision {
        record OriginalAtFault(Fault evidence) implements Decision {}

        record RerunAtFault(Fault evidence) implements Decision {}

        record Inconclusive(int forOriginal, int forRerun) implements Decision {}
    }

    private final int n;
    private final OutputComparison comparison;

    /** {@code n} ≥ 1: the round takes 2n+1 referees. */
    public RefereeRound(int n, OutputComparison comparison) {
        if (n < 1) {
            throw new IllegalArgumentException("a referee round needs N ≥ 1");
        }
        this.n = n;
        this.comparison = comparison;
    }

    public int referees() {
        return 2 * n + 1;
    }

    public Decision decide(Dispute dispute, List<RefereeRun> runs) {
        if (runs.size() != referees()) {
            throw new IllegalArgumentException("a round takes exactly " + referees() + " referees, got " + runs.size());
        }
        List<Address> forOriginal = new ArrayList<>();
        List<Address> forRerun = new ArrayList<>();
        for (RefereeRun run : runs) {
            boolean original = comparison.compare(dispute.originalOutput(), run.output()).agrees();
            boolean rerun = comparison.compare(dispute.rerunOutput(), run.output()).agrees();
            if (original && !rerun) {
                forOriginal.add(run.referee());
            } else if (rerun && !original) {
                forRerun.add(run.referee());
            }
        }
        if (forOriginal.size() > n) {
            return new Decision.RerunAtFault(new Fault(dispute.rerunner(), dispute.original(), forOriginal));
        }
        if (forRerun.size() > n) {
            return new Decision.OriginalAtFault(new Fault(dispute.original(), dispute.rerunner(), forRerun));
        }
        return new Decision.Inconclusive(forOriginal.size(), forRerun.size());
    }
}
