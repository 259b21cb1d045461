package dev.gridmint.workloads.diloco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks every Δ must pass before it is averaged. In order:
 *
 * <ol>
 *   <li>it is for this round and has θ's value count (the {@link Aggregator} has already matched it to its
 *       worker's assignment, rejecting {@link Reason.NotAssigned} and {@link Reason.Duplicate} Δs);
 *   <li>its token count is at most {@code maxTokens} (tokens are its weight, so an inflated count would
 *       let one worker outvote the rest);
 *   <li>every value is finite;
 *   <li>its L2 norm is at most {@code absoluteCap};
 *   <li>when at least {@link #MEDIAN_QUORUM} Δs of the round passed the checks above, its norm is at most
 *       {@code medianFactor} times their median norm. With fewer, a median is no reference (with two Δs
 *       it moves halfway to the outlier), so only the absolute cap applies.
 * </ol>
 *
 * A failed check is a {@link Verdict.Rejected} with its {@link Reason}, which the node turns into a
 * verification verdict against the worker.
 */
public record DeltaCheck(double absoluteCap, double medianFactor, long maxTokens) {

    /** The fewest plausible Δs for the median rule to apply. */
    public static final int MEDIAN_QUORUM = 3;

    public DeltaCheck {
        if (!(absoluteCap > 0.0) || !(medianFactor >= 1.0) || maxTokens <= 0) {
            throw new IllegalArgumentException("absoluteCap must be > 0, medianFactor >= 1 and maxTokens > 0");
        }
    }

    /** What the check concluded about one Δ. */
    public sealed interface Verdict {

        DeltaMessage message();

        record Accepted(DeltaMessage message, double[] delta, double norm) implements Verdict {}

        record Rejected(DeltaMessage message, Reason reason) implements Verdict {}
    }

    /** Why a Δ was rejected. {@link #code()} is stable. */
    public sealed interface Reason {

        String code();

        String detail();

        record WrongRound(long expected, long actual) implements Reason {
            public String code() {
                return "wrong_round";
            }

            public String detail() {
                return "Δ for round " + actual + " in round " + expected;
            }
        }

        record NotAssigned(int worker, int shard) implements Reason {
            public String code() {
                return "not_assigned";
            }

            public String detail() {
                return "worker " + worker + " was not assigned shard " + shard + " this round";
            }
        }

        record Duplicate(int worker) implements Reason {
            public String code() {
                return "duplicate";
            }

            public String detail() {
                return "worker " + worker + " sent a second Δ this round";
            }
        }

        record WrongSize(int expected, int actual) implements Reason {
            public String code() {
                return "wrong_size";
            }

            public String detail() {
                return actual + " values, θ has " + expected;
            }
        }

        record TooManyTokens(long tokens, long max) implements Reason {
            public String code() {
                return "too_many_tokens";
            }

            public String detail() {
                return tokens + " tokens claimed, at most " + max;
            }
        }

        record NonFinite(int index, double value) implements Reason {
            public String code() {
                return "non_finite";
            }

            public String detail() {
                return "value " + value + " at index " + index;
            }
        }

        record AboveCap(double norm, double cap) implements Reason {
            public String code() {
                return "norm_above_cap";
            }

            public String detail() {
                return "norm " + norm + " above the absolute cap " + cap;
            }
        }

        record AboveMedian(double norm, double median, double factor) implements Reason {
            public String code() {
                return "norm_above_median";
            }

            public String detail() {
                return "norm " + norm + " above " + factor + " × the round's median norm " + median;
            }
        }
    }

    /**
     * Judges the on-time Δs of one round, all already matched to their assignment, in their given order.
     *
     * @param size the number of values in θ
     */
    public List<Verdict> check(long round, int size, List<DeltaMessage> deltas) {
        List<Verdict> verdicts = new ArrayList<>(deltas.size());
        List<Double> plausibleNorms = new ArrayList<>();
        for (DeltaMessage message : deltas) {
            Verdict verdict = checkAlone(round, size, message);
            if (verdict instanceof Verdict.Accepted accepted) {
                plausibleNorms.add(accepted.norm());
            }
            verdicts.add(verdict);
        }
        if (plausibleNorms.size() < MEDIAN_QUORUM) {
            return verdicts;
        }
        double median = median(plausibleNorms);
        return verdicts.stream().map(v -> v instanceof Verdict.Accepted a && a.norm() > medianFactor * median
                ? (Verdict) new Verdict.Rejected(a.message(), new Reason.AboveMedian(a.norm(), median, medianFactor))
                : v).toList();
    }

    private Verdict checkAlone(long round, int size, DeltaMessage message) {
        if (message.round() != round) {
            return new Verdict.Rejected(message, new Reason.WrongRound(round, message.round()));
        }
        if (message.count() != size) {
            return new Verdict.Rejected(message, new Reason.WrongSize(size, message.count()));
        }
        if (message.tokens() > maxTokens) {
            return new Verdict.Rejected(message, new Reason.TooManyTokens(message.tokens(), maxTokens));
        }
        double[] delta = message.values();
        double sumOfSquares = 0.0;
        for (int i = 0; i < delta.length; i++) {
            if (!Double.isFinite(delta[i])) {
                return new Verdict.Rejected(message, new Reason.NonFinite(i, delta[i]));
            }
            sumOfSquares += delta[i] * delta[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        if (!(norm <= absoluteCap)) {
            return new Verdict.Rejected(message, new Reason.AboveCap(norm, absoluteCap));
        }
        return new Verdict.Accepted(message, delta, norm);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
