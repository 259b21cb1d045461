package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.verify.spotcheck.OutputComparison;
import dev.gridmint.verify.spotcheck.RefereeRound;
import dev.gridmint.verify.spotcheck.RefereeRound.Decision;
import dev.gridmint.verify.spotcheck.RefereeRound.Dispute;
import dev.gridmint.verify.spotcheck.RefereeRound.RefereeRun;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The pure part of a spot check: which jobs can be re-executed, the seed and draw that pick them,
 * how a re-run's model hash is compared with the provider's claim, and the referee round that
 * settles a mismatch before the provider is accused. No I/O here; {@link Checker} runs the jobs.
 */
public final class SpotCheck {

    /** Built-in workloads whose output (the model hash) is a pure function of their arguments. */
    public static final Set<String> DETERMINISTIC_WORKLOADS = Set.of("train-names");

    private static final OutputComparison EXACT = new OutputComparison.Exact();
    /** N = 1: three referees, the checker's two runs and the provider's own claim; two against a side name it. */
    private static final RefereeRound REFEREES = new RefereeRound(1, EXACT);

    private SpotCheck() {}

    /** What a spot check found. */
    public sealed interface Finding {
        /** The re-run reproduced the claimed hash. */
        record Valid() implements Finding {}

        /** The checker's two runs agree with each other and not with the claim: the provider's result is wrong. */
        record Invalid(Hash recomputed, Hash evidence) implements Finding {}

        /** Nothing is proven against the provider (the checker's runs disagree, or the second one matches the claim). */
        record Unproven(String reason) implements Finding {}
    }

    /** A finished job with a result the checker can re-execute. */
    public static boolean eligible(JobView job) {
        return ("COMPLETED".equals(job.status()) || "SETTLED".equals(job.status()))
                && job.resultHash() != null && job.lease() != null && DETERMINISTIC_WORKLOADS.contains(job.workload());
    }

    /** The spot-check seed: the epoch seed bound to the checker's own selection seed, which no provider can compute. */
    public static Hash seed(Hash epochSeed, byte[] selectionSeed) {
        return Hash.sha256("gridmint/checker/spot-check/v1".getBytes(StandardCharsets.UTF_8), epochSeed.bytes(), selectionSeed);
    }

    /** The job's draw input: the first eight bytes of its id. */
    public static long draw(Hash jobId) {
        return ByteBuffer.wrap(jobId.bytes(), 0, Long.BYTES).getLong();
    }

    /** Whether a re-run reproduces the claim, by {@link OutputComparison.Exact} on the hash bytes. */
    public static boolean matches(Hash claimed, Hash recomputed) {
        return EXACT.compare(output(claimed), output(recomputed)).agrees();
    }

    /** Binds a failed check to its job and both hashes. */
    public static Hash evidence(Hash jobId, Hash claimed, Hash recomputed) {
        return Hash.sha256(jobId.bytes(), claimed.bytes(), recomputed.bytes());
    }

    /**
     * Settles a mismatch between the claim and the checker's first run with its second run: a
     * referee round of N = 1 whose three votes are the two runs and the claim itself.
     */
    public static Finding referee(Hash jobId, Address provider, Address checker, Hash claimed, Hash first, Hash second) {
        var dispute = new Dispute(provider, output(claimed), checker, output(first));
        Decision decision = REFEREES.decide(dispute, List.of(new RefereeRun(checker, output(first)),
                new RefereeRun(checker, output(second)), new RefereeRun(provider, output(claimed))));
        return switch (decision) {
            case Decision.OriginalAtFault fault -> new Finding.Invalid(first, evidence(jobId, claimed, first));
            case Decision.RerunAtFault fault -> new Finding.Unproven("the checker's second run matches the claim");
            case Decision.Inconclusive inconclusive -> new Finding.Unproven("the checker's runs disagree with each other");
        };
    }

    /** A hash as an output vector, one float per byte (exact: 0..255). */
    static float[] output(Hash hash) {
        byte[] bytes = hash.bytes();
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
