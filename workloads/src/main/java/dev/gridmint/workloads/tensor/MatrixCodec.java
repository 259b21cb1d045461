package dev.gridmint.workloads.tensor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The binary form of a named matrix inside model files and checkpoints: the name (modified UTF-8, as
 * {@link DataOutputStream#writeUTF}), rows and cols as ints, then the values row-major as IEEE-754 doubles,
 * all big-endian. Reading checks the name and shape against what the caller expects, so a file can never
 * make the reader allocate more than the model it describes.
 */
public final class MatrixCodec {

    private MatrixCodec() {
    }

    public static void write(DataOutputStream out, String name, Matrix m) throws IOException {
        out.writeUTF(name);
        out.writeInt(m.rows());
        out.writeInt(m.cols());
        for (double d : m.data()) {
            out.writeDouble(d);
        }
    }

    /** Reads a matrix, which must be called {@code name} and be {@code rows × cols}, else IllegalArgumentException. */
    public static Matrix read(DataInputStream in, String name, int rows, int cols) throws IOException {
        String actual = in.readUTF();
        if (!actual.equals(name)) {
            throw new IllegalArgumentException("expected matrix " + name + ", found " + actual);
        }
        int r = in.readInt();
        int c = in.readInt();
        if (r != rows || c != cols) {
            throw new IllegalArgumentException(name + " is " + r + "x" + c + ", expected " + rows + "x" + cols);
        }
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = in.readDouble();
        }
        return m;
    }
}
