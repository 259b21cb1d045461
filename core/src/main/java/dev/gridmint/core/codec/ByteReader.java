package dev.gridmint.core.codec;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote, strictly: every length is bounded, text must be valid
 * UTF-8 and the caller checks with {@link #expectEnd()} that nothing trails. Any violation is
 * a {@link DecodeException}.
 */
public final class ByteReader {

    private final byte[] data;
    private int position;

    public ByteReader(byte[] data) {
        this.data = data;
    }

    public int u8() {
        require(1);
        return data[position++] & 0xff;
    }

    public boolean bool() {
        int value = u8();
        if (value > 1) {
            throw new DecodeException("a boolean is 0 or 1, got " + value);
        }
        return value == 1;
    }

    public int i32() {
        require(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    public long i64() {
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    /** A non-negative long, as amounts, counts and durations must be. */
    public long u63(String field) {
        long value = i64();
        if (value < 0) {
            throw new DecodeException(field + " must not be negative");
        }
        return value;
    }

    public byte[] bytes(int maxLength) {
        int length = i32();
        if (length < 0 || length > maxLength) {
            throw new DecodeException("a byte string of " + length + " bytes exceeds the limit of " + maxLength);
        }
        return fixed(length);
    }

    public byte[] fixed(int length) {
        require(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    public String text(int maxBytes) {
        byte[] utf8 = bytes(maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("text is not valid UTF-8");
        }
    }

    public Address address() {
        return new Address(fixed(Address.LENGTH));
    }

    public Hash hash() {
        return new Hash(fixed(Hash.LENGTH));
    }

    /** Reads a count that bounds a following list. */
    public int count(int max, String what) {
        int count = i32();
        if (count < 0 || count > max) {
            throw new DecodeException(what + " count " + count + " is outside 0.." + max);
        }
        return count;
    }

    public void expectEnd() {
        if (position != data.length) {
            throw new DecodeException((data.length - position) + " unexpected trailing bytes");
        }
    }

    private void require(int length) {
        if (length < 0 || data.length - position < length) {
            throw new DecodeException("input ends early: need " + length + " bytes at offset " + position);
        }
    }
}
