package dev.gridmint.workloads.diloco;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The shared framing of Gridmint's training messages: a 4-byte ASCII magic, a version byte, the kind's
 * fields (big-endian), then an encoded payload preceded by its length. The reader checks each field as it
 * goes, so a message is either fully valid or refused with the first problem found.
 */
final class Frame {

    static final byte VERSION = 1;
    /** The most values one message may carry: 2^26, enough for a 64M-parameter model. */
    static final int MAX_VALUES = 1 << 26;

    private Frame() {
    }

    static ByteBuffer start(String magic, int bodyBytes) {
        ByteBuffer out = ByteBuffer.allocate(Math.addExact(magic.length() + 1, bodyBytes));
        out.put(magic.getBytes(StandardCharsets.US_ASCII)).put(VERSION);
        return out;
    }

    /** A cursor over untrusted bytes that fails with a {@link Parsed.Invalid} instead of an exception. */
    static final class Reader {

        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        /** Null when the magic and version match, the error otherwise. */
        <T> Parsed.Invalid<T> header(String magic) {
            byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
            if (in.remaining() < expected.length + 1) {
                return truncated();
            }
            for (byte b : expected) {
                if (in.get() != b) {
                    return new Parsed.Invalid<>(Parsed.Code.BAD_HEADER, "not a " + magic + " message");
                }
            }
            byte version = in.get();
            return version == VERSION ? null
                    : new Parsed.Invalid<>(Parsed.Code.BAD_HEADER, "unknown " + magic + " version " + version);
        }

        boolean has(int bytes) {
            return in.remaining() >= bytes;
        }

        byte getByte() {
            return in.get();
        }

        int getInt() {
            return in.getInt();
        }

        long getLong() {
            return in.getLong();
        }

        void get(byte[] target) {
            in.get(target);
        }

        static <T> Parsed.Invalid<T> truncated() {
            return new Parsed.Invalid<>(Parsed.Code.TRUNCATED, "message ends early");
        }

        static <T> Parsed.Invalid<T> badField(String message) {
            return new Parsed.Invalid<>(Parsed.Code.BAD_FIELD, message);
        }

        /**
         * Reads {@code count} values' payload in {@code encoding} (its length first) as the last field, or
         * returns the error.
         */
        Parsed<byte[]> payload(Encoding encoding, int count) {
            if (!has(Integer.BYTES)) {
                return truncated();
            }
            int length = in.getInt();
            if (length != encoding.encodedSize(count)) {
                return new Parsed.Invalid<>(Parsed.Code.BAD_PAYLOAD, "payload of " + length + " bytes for "
                        + count + " " + encoding + " values, expected " + encoding.encodedSize(count));
            }
            if (in.remaining() < length) {
                return truncated();
            }
            byte[] payload = new byte[length];
            in.get(payload);
            if (in.hasRemaining()) {
                return new Parsed.Invalid<>(Parsed.Code.TRAILING_BYTES, in.remaining() + " bytes after the payload");
            }
            return new Parsed.Ok<>(payload);
        }
    }
}
