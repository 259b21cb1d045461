package dev.gridmint.workloads.diloco;

import java.nio.ByteBuffer;

/**
 * Symmetric int8 quantisation in chunks of {@link #CHUNK} values, each chunk with its own float32 scale.
 *
 * <p>Canonical layout, for {@code n} values in {@code ⌈n / 256⌉} chunks (the last one may be short): per
 * chunk, the scale {@code s} as a big-endian IEEE float32, then one signed byte {@code q} per value. A value
 * decodes to {@code q · s}. The encoder picks the smallest float32 {@code s} with {@code 127 · s ≥ max|v|}, so
 * {@code |v / s| ≤ 127} and every value is within {@code s / 2} of its decoded value. A chunk of zeros has
 * {@code s = 0}.
 *
 * <p>The decoder accepts any scale bits, NaN included: whether a vector is usable is for
 * {@link DeltaCheck} to judge, and it reports such a vector as non-finite.
 */
public final class Int8Quantizer {

    /** Values per chunk. */
    public static final int CHUNK = 256;
    /** The largest quantised magnitude; -128 is never produced, so the code is symmetric. */
    static final int LEVELS = 127;

    private Int8Quantizer() {
    }

    /** The encoded size of {@code count} values. */
    public static int encodedSize(int count) {
        int chunks = (count + CHUNK - 1) / CHUNK;
        return Math.addExact(count, Math.multiplyExact(chunks, Float.BYTES));
    }

    /**
     * Quantises {@code values}. NaN, infinities and values whose chunk scale would overflow a float32 are
     * rejected: quantising them would silently change what they mean.
     */
    public static byte[] encode(double[] values) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(values.length));
        for (int from = 0; from < values.length; from += CHUNK) {
            int to = Math.min(values.length, from + CHUNK);
            float scale = scale(values, from, to);
            out.putFloat(scale);
            for (int i = from; i < to; i++) {
                out.put(scale == 0.0f ? 0 : (byte) Math.clamp(Math.rint(values[i] / scale), -LEVELS, LEVELS));
            }
        }
        return out.array();
    }

    /** The {@code count} values of {@code encoded}; its length must be exactly {@link #encodedSize(int)}. */
    public static double[] decode(byte[] encoded, int count) {
        if (encoded.length != encodedSize(count)) {
            throw new IllegalArgumentException("int8 payload of " + encoded.length + " bytes for " + count
                    + " values, expected " + encodedSize(count));
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        double[] values = new double[count];
        for (int from = 0; from < count; from += CHUNK) {
            int to = Math.min(count, from + CHUNK);
            double scale = in.getFloat();
            for (int i = from; i < to; i++) {
                values[i] = in.get() * scale;
            }
        }
        return values;
    }

    /** The smallest float32 {@code s} with {@code 127 · s ≥ max|v|} over {@code [from, to)}. */
    static float scale(double[] values, int from, int to) {
        double maxAbs = 0.0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("cannot quantise non-finite value " + v + " at index " + i);
            }
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        if (maxAbs == 0.0) {
            return 0.0f;
        }
        float scale = (float) (maxAbs / LEVELS);
        if ((double) scale * LEVELS < maxAbs) {
            scale = Math.nextUp(scale);
        }
        if (Float.isInfinite(scale)) {
            throw new IllegalArgumentException("value " + maxAbs + " in chunk at index " + from
                    + " is too large for a float32 scale");
        }
        return scale;
    }
}
