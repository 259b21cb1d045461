package dev.gridmint.workloads.checkpoint;

import dev.gridmint.workloads.nn.Parameter;
import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.tensor.Matrix;
import dev.gridmint.workloads.tensor.MatrixCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The AdamW state blob, version 1, big-endian: the magic {@code "GMOS"}, the version (int), the step count
 * (long), the parameter count (int), then per parameter its first moment (named {@code <param>.m}) and its
 * second moment ({@code <param>.v}) as {@link MatrixCodec} writes them, in parameter order.
 */
final class OptimizerBlob {

    static final byte[] MAGIC = {'G', 'M', 'O', 'S'};
    static final int FORMAT_VERSION = 1;

    private OptimizerBlob() {
    }

    static byte[] toBytes(AdamW.State state, List<Parameter> parameters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(state.stepCount());
            out.writeInt(parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                MatrixCodec.write(out, parameters.get(i).name() + ".m", state.firstMoments().get(i));
                MatrixCodec.write(out, parameters.get(i).name() + ".v", state.secondMoments().get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads the state for {@code parameters} (names and shapes must match), or IllegalArgumentException. */
    static AdamW.State fromBytes(byte[] bytes, List<Parameter> parameters) {
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(stream)) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IllegalArgumentException("not an optimizer state blob (bad magic)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported optimizer state version " + version);
            }
            long stepCount = in.readLong();
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new IllegalArgumentException(count + " moments for " + parameters.size() + " parameters");
            }
            List<Matrix> first = new ArrayList<>(count);
            List<Matrix> second = new ArrayList<>(count);
            for (Parameter p : parameters) {
                int rows = p.value().rows();
                int cols = p.value().cols();
                first.add(MatrixCodec.read(in, p.name() + ".m", rows, cols));
                second.add(MatrixCodec.read(in, p.name() + ".v", rows, cols));
            }
            if (stream.available() > 0) {
                throw new IllegalArgumentException(stream.available() + " unexpected trailing bytes");
            }
            return new AdamW.State(stepCount, first, second);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated optimizer state", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable optimizer state: " + e.getMessage(), e);
        }
    }
}
