package dev.gridmint.verify.challenge;

/**
 * C = A·B in fp32 for row-major n×n matrices: the provider's side of a challenge on a CPU. The
 * loops run i-k-j in tiles, so the inner loop is a unit-stride axpy over a row of B and C that the
 * JIT vectorises, and a tile of B stays in cache while a band of A's rows uses it.
 */
public final class MatMul {

    private static final int ROW_TILE = 32;
    private static final int DEPTH_TILE = 128;

    private MatMul() {}

    public static float[] multiply(float[] a, float[] b, int n) {
        if (a.length != n * n || b.length != n * n) {
            throw new IllegalArgumentException("both matrices must be " + n + "×" + n);
        }
        float[] c = new float[n * n];
        for (int rows = 0; rows < n; rows += ROW_TILE) {
            int rowEnd = Math.min(n, rows + ROW_TILE);
            for (int depth = 0; depth < n; depth += DEPTH_TILE) {
                int depthEnd = Math.min(n, depth + DEPTH_TILE);
                for (int i = rows; i < rowEnd; i++) {
                    accumulateRow(a, b, c, n, i, depth, depthEnd);
                }
            }
        }
        return c;
    }

    private static void accumulateRow(float[] a, float[] b, float[] c, int n, int i, int depth, int depthEnd) {
        int cRow = i * n;
        for (int k = depth; k < depthEnd; k++) {
            float aik = a[cRow + k];
            int bRow = k * n;
            for (int j = 0; j < n; j++) {
                c[cRow + j] += aik * b[bRow + j];
            }
        }
    }
}
