package dev.gridmint.workloads.diloco;

import java.nio.ByteBuffer;

/** How a vector travels: plain float32, or {@link Int8Quantizer int8 per chunk}. */
public enum Encoding {

    /** Big-endian IEEE float32, four bytes per value. */
    FP32((byte) 1),
    /** {@link Int8Quantizer}: one byte per value plus a float32 scale per 256 values. */
    INT8((byte) 2);

    private final byte tag;

    Encoding(byte tag) {
        this.tag = tag;
    }

    /** The byte that names this encoding in a message. */
    public byte tag() {
        return tag;
    }

    /** The encoding named by {@code tag}, or null if none is. */
    public static Encoding ofTag(byte tag) {
        for (Encoding e : values()) {
            if (e.tag == tag) {
                return e;
            }
        }
        return null;
    }

    /** The payload size of {@code count} values. */
    public int encodedSize(int count) {
        return switch (this) {
            case FP32 -> Math.multiplyExact(count, Float.BYTES);
            case INT8 -> Int8Quantizer.encodedSize(count);
        };
    }

    /** Encodes {@code values}; non-finite values, or values beyond the float32 range, are rejected. */
    public byte[] encode(double[] values) {
        return switch (this) {
            case FP32 -> encodeFloats(values);
            case INT8 -> Int8Quantizer.encode(values);
        };
    }

    /** Decodes a payload of exactly {@link #encodedSize(int)} bytes. */
    public double[] decode(byte[] payload, int count) {
        return switch (this) {
            case FP32 -> decodeFloats(payload, count);
            case INT8 -> Int8Quantizer.decode(payload, count);
        };
    }

    /** {@code values} as they come out of an encode and decode round trip. */
    public double[] roundTrip(double[] values) {
        return decode(encode(values), values.length);
    }

    private static byte[] encodeFloats(double[] values) {
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES));
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || Float.isInfinite((float) v)) {
                throw new IllegalArgumentException("cannot encode " + v + " at index " + i + " as a finite float32");
            }
            out.putFloat((float) v);
        }
        return out.array();
    }

    private static double[] decodeFloats(byte[] payload, int count) {
        if (payload.length != Math.multiplyExact(count, Float.BYTES)) {
            throw new IllegalArgumentException("fp32 payload of " + payload.length + " bytes for " + count
                    + " values");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.getFloat();
        }
        return values;
    }
}
