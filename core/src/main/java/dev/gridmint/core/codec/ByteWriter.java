package dev.gridmint.core.codec;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the canonical binary encoding: big-endian integers, length-prefixed byte strings and
 * UTF-8 text. One value has exactly one encoding, which is what makes hashes and signatures
 * over it meaningful.
 */
public final class ByteWriter {

    // A plain growable array: state roots encode the whole state, so this is on the hot path.
    private byte[] buffer = new byte[256];
    private int size;

    public ByteWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("not an unsigned byte: " + value);
        }
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public ByteWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public ByteWriter i32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public ByteWriter i64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** A byte string with a 4-byte length prefix. */
    public ByteWriter bytes(byte[] value) {
        i32(value.length);
        return fixed(value);
    }

    /** Bytes of a length both sides already know, with no prefix. */
    public ByteWriter fixed(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    public ByteWriter text(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public ByteWriter address(Address address) {
        return fixed(address.publicKey());
    }

    public ByteWriter hash(Hash hash) {
        return fixed(hash.bytes());
    }

    /** Feeds the bytes written so far to {@code digest}, without copying them out. */
    public void updateDigest(java.security.MessageDigest digest) {
        digest.update(buffer, 0, size);
    }

    /** Forgets what was written, keeping the buffer, so that one writer can encode many values in turn. */
    public ByteWriter reset() {
        size = 0;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, Math.addExact(size, more)));
        }
    }
}
