package dev.gridmint.verify.spotcheck;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How a re-run is compared with the original. Exact suits deterministic outputs (homogeneous
 * hardware, integer work); Tolerance suits float vectors computed on different hardware, whose low
 * bits differ; Fingerprint suits logits, where only the top-k entries carry the answer, in the
 * spirit of TOPLOC: enough of the same top-k indices, with close values.
 */
public sealed interface OutputComparison {

    /** Whether the two agree, and the measure that decided it (differing bytes, worst error, or missing top-k indices). */
    record Comparison(boolean agrees, double measure) {}

    Comparison compare(float[] original, float[] rerun);

    /** Byte-for-byte equality, compared by hash. */
    record Exact() implements OutputComparison {
        @Override
        public Comparison compare(float[] original, float[] rerun) {
            boolean same = Hash.sha256(FloatBytes.of(original)).equals(Hash.sha256(FloatBytes.of(rerun)));
            return new Comparison(same, same ? 0 : 1);
        }
    }

    /** Every entry within {@code absolute + relative·|original|}; the measure is the worst excess ratio. */
    record Tolerance(double absolute, double relative) implements OutputComparison {
        @Override
        public Comparison compare(float[] original, float[] rerun) {
            if (original.length != rerun.length) {
                return new Comparison(false, Double.POSITIVE_INFINITY);
            }
            double worst = 0;
            for (int i = 0; i < original.length; i++) {
                double allowed = absolute + relative * Math.abs(original[i]);
                worst = Math.max(worst, Math.abs(original[i] - rerun[i]) / allowed);
            }
            return new Comparison(worst <= 1, worst);
        }
    }

    /**
     * The top-k indices of both vectors: at least {@code minCommon} must be shared, and every shared
     * one must carry values within {@code valueTolerance}. The measure is k minus the shared count.
     */
    record Fingerprint(int k, int minCommon, double valueTolerance) implements OutputComparison {
        @Override
        public Comparison compare(float[] original, float[] rerun) {
            int[] top = topK(original, k);
            int[] rerunTop = topK(rerun, k);
            int[] common = Arrays.stream(top).filter(i -> Arrays.binarySearch(rerunTop, i) >= 0).toArray();
            boolean close = Arrays.stream(common).allMatch(i -> Math.abs(original[i] - rerun[i]) <= valueTolerance);
            return new Comparison(common.length >= minCommon && close, top.length - common.length);
        }

        /** The indices of the k largest values, sorted by index. */
        private static int[] topK(float[] values, int k) {
            return IntStream.range(0, values.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> values[i]).reversed().thenComparing(Comparator.naturalOrder()))
                    .limit(k).mapToInt(Integer::intValue).sorted().toArray();
        }
    }
}
