package dev.gridmint.workloads.tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A dense {@code rows × cols} matrix of doubles stored row-major in one array.
 *
 * <p>Element {@code (r, c)} lives at {@code data[r * cols + c]}. The backing array is exposed through
 * {@link #data()} on purpose: the layers in {@code dev.gridmint.workloads.nn} write their inner loops
 * directly against it. Every operation here iterates in a fixed order and accumulates each output
 * element in ascending index order, so results do not depend on the machine or the JIT.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A new matrix filled with zeros. */
    public static Matrix zeros(int rows, int cols) {
        checkShape(rows, cols);
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** A matrix with the given row-major values (copied). */
    public static Matrix of(int rows, int cols, double... values) {
        checkShape(rows, cols);
        Objects.requireNonNull(values, "values");
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(
                    "expected " + rows * cols + " values for a " + rows + "x" + cols + " matrix, got " + values.length);
        }
        return new Matrix(rows, cols, values.clone());
    }

    /**
     * A matrix of independent normal samples with mean 0 and the given standard deviation, drawn in
     * row-major order by the Box–Muller transform with {@link StrictMath} (so the values are identical on
     * every JVM, unlike {@code nextGaussian}, whose algorithm is not specified).
     */
    public static Matrix randn(int rows, int cols, double std, RandomGenerator rng) {
        Matrix m = zeros(rows, cols);
        double[] d = m.data;
        for (int i = 0; i < d.length; i += 2) {
            double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
            double u2 = rng.nextDouble();
            double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double angle = 2.0 * StrictMath.PI * u2;
            d[i] = std * radius * StrictMath.cos(angle);
            if (i + 1 < d.length) {
                d[i + 1] = std * radius * StrictMath.sin(angle);
            }
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return data.length;
    }

    /** The live row-major backing array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int row, int col) {
        return data[index(row, col)];
    }

    public void set(int row, int col, double value) {
        data[index(row, col)] = value;
    }

    public void fill(double value) {
        Arrays.fill(data, value);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** Copies all values of {@code other}, which must have the same shape, into this matrix. */
    public void copyFrom(Matrix other) {
        requireSameShape(other);
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /*
     * The two products below copy rows into separate arrays first. HotSpot's auto-vectorizer handles
     * "x[i] += s * y[i]" over two arrays at offset 0 but not over two sub-ranges of flat arrays at different
     * offsets, and the copies cost O(rows·cols) against the product's O(batch·rows·cols). The copies do not
     * change the arithmetic: every output element is still accumulated in ascending index order.
     */

    /** {@code a · b}, a new {@code a.rows × b.cols} matrix. */
    public static Matrix matmul(Matrix a, Matrix b) {
        if (a.cols != b.rows) {
            throw new IllegalArgumentException("matmul shape mismatch: " + a.shape() + " · " + b.shape());
        }
        Matrix out = zeros(a.rows, b.cols);
        double[] ad = a.data;
        double[][] bRows = b.splitRows();
        int n = a.cols;
        int m = b.cols;
        double[] acc = new double[m];
        for (int r = 0; r < a.rows; r++) {
            Arrays.fill(acc, 0.0);
            int aRow = r * n;
            for (int k = 0; k < n; k++) {
                double av = ad[aRow + k];
                double[] bRow = bRows[k];
                for (int c = 0; c < m; c++) {
                    acc[c] += av * bRow[c];
                }
            }
            System.arraycopy(acc, 0, out.data, r * m, m);
        }
        return out;
    }

    /** Adds {@code aᵀ · b} into {@code target} ({@code a.cols × b.cols}); used for weight gradients. */
    public static void addTransposeAMatmul(Matrix a, Matrix b, Matrix target) {
        if (a.rows != b.rows || target.rows != a.cols || target.cols != b.cols) {
            throw new IllegalArgumentException("aᵀ·b shape mismatch: " + a.shape() + "ᵀ · " + b.shape()
                    + " into " + target.shape());
        }
        double[][] tRows = target.splitRows();
        double[][] bRows = b.splitRows();
        double[] ad = a.data;
        int n = a.cols;
        int m = b.cols;
        for (int r = 0; r < a.rows; r++) {
            int aRow = r * n;
            double[] bRow = bRows[r];
            for (int k = 0; k < n; k++) {
                double av = ad[aRow + k];
                double[] tRow = tRows[k];
                for (int c = 0; c < m; c++) {
                    tRow[c] += av * bRow[c];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(tRows[k], 0, target.data, k * m, m);
        }
    }

    /** A copy of each row as its own array. */
    private double[][] splitRows() {
        double[][] split = new double[rows][];
        for (int r = 0; r < rows; r++) {
            split[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return split;
    }

    /**
     * {@code a · bᵀ}, a new {@code a.rows × b.rows} matrix; used for input gradients. Computed as
     * {@code matmul(a, b.transpose())} so the inner loop is contiguous; each element is still accumulated in
     * ascending index order.
     */
    public static Matrix matmulTransposeB(Matrix a, Matrix b) {
        if (a.cols != b.cols) {
            throw new IllegalArgumentException("a·bᵀ shape mismatch: " + a.shape() + " · " + b.shape() + "ᵀ");
        }
        return matmul(a, b.transpose());
    }

    /** The transpose, a new {@code cols × rows} matrix. */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        double[] td = t.data;
        for (int c = 0; c < cols; c++) {
            int tRow = c * rows;
            for (int r = 0; r < rows; r++) {
                td[tRow + r] = data[r * cols + c];
            }
        }
        return t;
    }

    /** Adds {@code other}, which must have the same shape, into this matrix element by element. */
    public void addInPlace(Matrix other) {
        requireSameShape(other);
        for (int i = 0; i < data.length; i++) {
            data[i] += other.data[i];
        }
    }

    /** Adds the {@code 1 × cols} row vector to every row of this matrix, in place. */
    public void addRowVectorInPlace(Matrix row) {
        if (row.rows != 1 || row.cols != cols) {
            throw new IllegalArgumentException("expected a 1x" + cols + " row vector, got " + row.shape());
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                data[base + c] += row.data[c];
            }
        }
    }

    /** Adds the column sums of this matrix into {@code target}, a {@code 1 × cols} row vector. */
    public void addColumnSumsTo(Matrix target) {
        if (target.rows != 1 || target.cols != cols) {
            throw new IllegalArgumentException("expected a 1x" + cols + " row vector, got " + target.shape());
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                target.data[c] += data[base + c];
            }
        }
    }

    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + shape() + "]";
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return row * cols + col;
    }

    private void requireSameShape(Matrix other) {
        if (!sameShape(other)) {
            throw new IllegalArgumentException("shape mismatch: " + shape() + " vs " + other.shape());
        }
    }

    private static void checkShape(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix dimensions must be positive, got " + rows + "x" + cols);
        }
    }
}
