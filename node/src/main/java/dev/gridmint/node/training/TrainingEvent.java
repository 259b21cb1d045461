package dev.gridmint.node.training;

import java.util.List;

/** What a session tells the rest of the coordinator (the event stream, the bench): rounds and rejections. */
public sealed interface TrainingEvent {

    String session();

    long round();

    /**
     * A round closed: {@code applied} if the outer step (or the averaged gradient) was taken, and then θ is
     * {@code thetaHash}; {@code late} and {@code missing} workers were left out.
     */
    record RoundClosed(String session, long round, boolean applied, String thetaHash, List<Integer> accepted,
            List<Integer> late, List<Integer> missing) implements TrainingEvent {

        public RoundClosed {
            accepted = List.copyOf(accepted);
            late = List.copyOf(late);
            missing = List.copyOf(missing);
        }
    }

    /**
     * A worker's Δ failed its checks and was left out, with the stable reason code and the SHA-256 of the Δ as
     * sent ({@code evidence}: the manifest lists it, and the Δ is recomputable from θ, seed and shard). It is also
     * kept as {@link DeltaEvidence}, which a checker turns into a ledger verdict against the worker.
     */
    record DeltaRejected(String session, long round, int worker, String code, String detail, String evidence)
            implements TrainingEvent {}
}
