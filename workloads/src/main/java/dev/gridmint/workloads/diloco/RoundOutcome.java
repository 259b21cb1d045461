package dev.gridmint.workloads.diloco;

import java.util.List;

/** How a round ended. Either way, {@code verdicts} holds the judgement of every on-time Δ. */
public sealed interface RoundOutcome {

    long round();

    List<DeltaCheck.Verdict> verdicts();

    /** The outer step was taken: θ moved, the update went out and the manifest was written. */
    record Applied(RoundManifest manifest, Broadcast update, List<DeltaCheck.Verdict> verdicts)
            implements RoundOutcome {

        public Applied {
            verdicts = List.copyOf(verdicts);
        }

        public long round() {
            return manifest.round();
        }
    }

    /** Too few Δs were accepted: θ and the outer optimizer are unchanged, and no shard counts as trained. */
    record BelowQuorum(long round, int accepted, int quorum, List<Integer> late, List<Integer> missing,
            List<DeltaCheck.Verdict> verdicts) implements RoundOutcome {

        public BelowQuorum {
            late = List.copyOf(late);
            missing = List.copyOf(missing);
            verdicts = List.copyOf(verdicts);
        }
    }
}
