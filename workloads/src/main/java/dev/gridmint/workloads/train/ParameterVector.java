package dev.gridmint.workloads.train;

import dev.gridmint.workloads.nn.Parameter;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * θ (or its gradient) as one flat vector: the parameters' values concatenated in their fixed order. This is
 * the form in which trainers average, quantise, hash and ship parameters.
 */
public final class ParameterVector {

    private ParameterVector() {
    }

    /** The number of scalars in {@code parameters}. */
    public static int size(List<Parameter> parameters) {
        int total = 0;
        for (Parameter p : parameters) {
            total = Math.addExact(total, p.size());
        }
        return total;
    }

    /** A copy of the parameters' values, concatenated. */
    public static double[] values(List<Parameter> parameters) {
        return gather(parameters, false);
    }

    /** A copy of the parameters' accumulated gradients, concatenated. */
    public static double[] gradients(List<Parameter> parameters) {
        return gather(parameters, true);
    }

    /** Overwrites the parameters' values with {@code flat}. */
    public static void setValues(List<Parameter> parameters, double[] flat) {
        scatter(parameters, flat, false);
    }

    /** Overwrites the parameters' gradients with {@code flat}. */
    public static void setGradients(List<Parameter> parameters, double[] flat) {
        scatter(parameters, flat, true);
    }

    /** Every value rounded to the nearest float32, in place; returns {@code flat}. */
    public static double[] roundToFloat(double[] flat) {
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) flat[i];
        }
        return flat;
    }

    /** The SHA-256 (lowercase hex) of the values as big-endian float64: the θ hash every trainer reports. */
    public static String sha256(double[] flat) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(flat.length, Double.BYTES));
        for (double v : flat) {
            buffer.putDouble(v);
        }
        return sha256Hex(buffer.array());
    }

    /** The SHA-256 of {@code bytes}, lowercase hex. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static double[] gather(List<Parameter> parameters, boolean gradient) {
        double[] flat = new double[size(parameters)];
        int offset = 0;
        for (Parameter p : parameters) {
            double[] source = (gradient ? p.grad() : p.value()).data();
            System.arraycopy(source, 0, flat, offset, source.length);
            offset += source.length;
        }
        return flat;
    }

    private static void scatter(List<Parameter> parameters, double[] flat, boolean gradient) {
        if (flat.length != size(parameters)) {
            throw new IllegalArgumentException("vector of " + flat.length + " values for " + size(parameters)
                    + " parameters");
        }
        int offset = 0;
        for (Parameter p : parameters) {
            double[] target = (gradient ? p.grad() : p.value()).data();
            System.arraycopy(flat, offset, target, 0, target.length);
            offset += target.length;
        }
    }
}
