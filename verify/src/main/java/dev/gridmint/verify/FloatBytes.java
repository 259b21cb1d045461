package dev.gridmint.verify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Floats as little-endian IEEE 754 bytes: the one encoding a row or an output is hashed and signed in. */
public final class FloatBytes {

    private FloatBytes() {}

    public static byte[] of(float[] values) {
        return of(values, 0, values.length);
    }

    public static byte[] of(float[] values, int offset, int length) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, offset, length);
        return bytes.array();
    }
}
