package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The record of one applied round, written after every outer step. With it anyone can check the round: each
 * accepted Δ is recomputable from the θ named by {@code thetaHashBefore}, the seed, the worker's shard and
 * cursor; the averaged update gives {@code thetaHash}. A joiner starts the next round from {@code thetaHash}.
 *
 * <p>{@link #toBytes()} is a canonical UTF-8 text, one {@code key=value} per line in this field order,
 * lists comma-separated; it is what the node stores and signs as the manifest artifact.
 *
 * @param thetaHashBefore the θ this round's workers started from
 * @param thetaHash       the θ after the outer step: the next round's starting point
 * @param updateHash      SHA-256 of the {@link Broadcast} that carried the update
 * @param optimizerHash   the outer optimizer's state after the step
 */
public record RoundManifest(long round, long seed, int innerSteps, String thetaHashBefore, String thetaHash,
        List<RoundPlan.Assignment> assignments, List<DeltaRef> accepted, List<RejectedRef> rejected,
        List<Integer> late, List<Integer> missing, String updateHash, String optimizerHash) {

    /** An accepted Δ: who sent it for which shard, its weight and the hash of its message. */
    public record DeltaRef(int worker, int shard, long tokens, String sha256) {}

    /** A rejected Δ, with the stable code of the reason. */
    public record RejectedRef(int worker, String sha256, String code, String detail) {}

    public RoundManifest {
        assignments = List.copyOf(assignments);
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        late = List.copyOf(late);
        missing = List.copyOf(missing);
    }

    public byte[] toBytes() {
        String text = "gridmint-diloco-manifest=1\n"
                + "round=" + round + "\n"
                + "seed=" + seed + "\n"
                + "inner_steps=" + innerSteps + "\n"
                + "theta_before=" + thetaHashBefore + "\n"
                + "theta=" + thetaHash + "\n"
                + "assignments=" + join(assignments, a -> a.worker() + ":" + a.shard() + "@" + a.cursor()) + "\n"
                + "accepted=" + join(accepted, d -> d.worker() + ":" + d.shard() + ":" + d.tokens() + ":"
                        + d.sha256()) + "\n"
                + "rejected=" + join(rejected, r -> r.worker() + ":" + r.code() + ":" + r.sha256()) + "\n"
                + "late=" + join(late, String::valueOf) + "\n"
                + "missing=" + join(missing, String::valueOf) + "\n"
                + "update=" + updateHash + "\n"
                + "optimizer=" + optimizerHash + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public String sha256() {
        return ParameterVector.sha256Hex(toBytes());
    }

    private static <T> String join(List<T> items, java.util.function.Function<T, String> format) {
        return items.stream().map(format).collect(Collectors.joining(","));
    }
}
