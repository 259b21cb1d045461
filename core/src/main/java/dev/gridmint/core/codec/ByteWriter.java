package dev.gridmint.core.codec;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the canonical binary encoding: big-endian integers, length-prefixed byte strings and
 * UTF-8 text. One value has exactly one encoding, which is what makes hashes and signatures
 * over it meaningful.
 */
public final class ByteWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public ByteWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("not an unsigned byte: " + value);
        }
        out.write(value);
        return this;
    }

    public ByteWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public ByteWriter i32(int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
        return this;
    }

    public ByteWriter i64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** A byte string with a 4-byte length prefix. */
    public ByteWriter bytes(byte[] value) {
        i32(value.length);
        out.writeBytes(value);
        return this;
    }

    /** Bytes of a length both sides already know, with no prefix. */
    public ByteWriter fixed(byte[] value) {
        out.writeBytes(value);
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

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
