package dev.gridmint.verify.challenge;

import java.util.Optional;

/**
 * The checker's recomputation of sampled rows of C = A·B, in double precision and streaming B one
 * row at a time: O(k·n²) work and O(k·n) memory, however large n is. Each entry is compared to the
 * claim within {@link Precision#tolerance} of its own Σ|a||b|.
 */
public final class RowCheck {

    private RowCheck() {}

    /** The first entry outside the tolerance among the given rows, or empty when all of them hold. */
    public static Optional<Mismatch> check(ChallengeMatrices matrices, int[] rows, float[][] claimed) {
        int n = matrices.n();
        float[][] aRows = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            aRows[r] = matrices.aRow(rows[r]);
        }
        double[][] exact = new double[rows.length][n];
        double[][] magnitude = new double[rows.length][n];
        for (int k = 0; k < n; k++) {
            float[] bRow = matrices.bRow(k);
            for (int r = 0; r < rows.length; r++) {
                accumulate(aRows[r][k], bRow, exact[r], magnitude[r]);
            }
        }
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < n; j++) {
                double tolerance = matrices.precision().tolerance(n, magnitude[r][j]);
                if (!(Math.abs(claimed[r][j] - exact[r][j]) <= tolerance)) {
                    return Optional.of(new Mismatch(rows[r], j, exact[r][j], claimed[r][j], tolerance));
                }
            }
        }
        return Optional.empty();
    }

    private static void accumulate(float a, float[] bRow, double[] exact, double[] magnitude) {
        double absA = Math.abs(a);
        for (int j = 0; j < bRow.length; j++) {
            exact[j] += (double) a * bRow[j];
            magnitude[j] += absA * Math.abs(bRow[j]);
        }
    }
}
