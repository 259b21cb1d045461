package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What goes down from the aggregator to the workers: the update every worker applies to θ (DiLoCo's outer
 * update once per round, or data-parallel training's averaged gradient every step), or θ itself for a
 * worker that joins. It names the θ it leads to, so a worker can check that it holds the same θ as everyone.
 *
 * <p>Canonical layout (big-endian): {@code "GMBC"}, version 1, kind tag (1 byte), encoding tag (1 byte),
 * round (int64), value count (int32), θ hash (32 bytes of SHA-256), payload length (int32), payload.
 *
 * @param thetaHash the {@link ParameterVector#sha256 θ hash} after applying this message, lowercase hex
 */
public record Broadcast(Kind kind, long round, Encoding encoding, int count, String thetaHash, byte[] payload) {

    static final String MAGIC = "GMBC";
    private static final int HASH_BYTES = 32;
    private static final int FIELDS = 1 + 1 + Long.BYTES + Integer.BYTES + HASH_BYTES + Integer.BYTES;
    /** The largest message: a header and {@link Frame#MAX_VALUES} fp32 values. */
    public static final int MAX_BYTES = MAGIC.length() + 1 + FIELDS + Frame.MAX_VALUES * Float.BYTES;

    /** What the payload is. */
    public enum Kind {
        /** A vector every worker applies to θ: DiLoCo's outer update, or data-parallel training's mean gradient. */
        UPDATE((byte) 1),
        /** The whole of θ, for a joiner. */
        THETA((byte) 2);

        private final byte tag;

        Kind(byte tag) {
            this.tag = tag;
        }

        static Kind ofTag(byte tag) {
            for (Kind k : values()) {
                if (k.tag == tag) {
                    return k;
                }
            }
            return null;
        }
    }

    public Broadcast {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(payload, "payload");
        if (round < 0 || count <= 0 || count > Frame.MAX_VALUES) {
            throw new IllegalArgumentException("round " + round + " or value count " + count + " out of range");
        }
        if (payload.length != encoding.encodedSize(count)) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes for " + count + " "
                    + encoding + " values");
        }
        if (HexFormat.of().parseHex(thetaHash).length != HASH_BYTES) {
            throw new IllegalArgumentException("θ hash must be 32 bytes of hex");
        }
        payload = payload.clone();
    }

    /** Encodes {@code values}. */
    public static Broadcast of(Kind kind, long round, Encoding encoding, double[] values, String thetaHash) {
        return new Broadcast(kind, round, encoding, values.length, thetaHash, encoding.encode(values));
    }

    public double[] values() {
        return encoding.decode(payload, count);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public byte[] toBytes() {
        ByteBuffer out = Frame.start(MAGIC, FIELDS + payload.length);
        out.put(kind.tag).put(encoding.tag()).putLong(round).putInt(count).put(HexFormat.of().parseHex(thetaHash))
                .putInt(payload.length).put(payload);
        return out.array();
    }

    /** The size of {@link #toBytes()}. */
    public int sizeBytes() {
        return MAGIC.length() + 1 + FIELDS + payload.length;
    }

    public String sha256() {
        return ParameterVector.sha256Hex(toBytes());
    }

    /** Parses canonical bytes strictly. */
    public static Parsed<Broadcast> parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return new Parsed.Invalid<>(Parsed.Code.TOO_LARGE, bytes.length + " bytes, at most " + MAX_BYTES);
        }
        Frame.Reader in = new Frame.Reader(bytes);
        Parsed.Invalid<Broadcast> bad = in.header(MAGIC);
        if (bad != null) {
            return bad;
        }
        if (!in.has(FIELDS - Integer.BYTES)) {
            return Frame.Reader.truncated();
        }
        Kind kind = Kind.ofTag(in.getByte());
        Encoding encoding = Encoding.ofTag(in.getByte());
        long round = in.getLong();
        int count = in.getInt();
        byte[] hash = new byte[HASH_BYTES];
        in.get(hash);
        if (kind == null || encoding == null) {
            return Frame.Reader.badField("unknown kind or encoding");
        }
        if (round < 0 || count <= 0 || count > Frame.MAX_VALUES) {
            return Frame.Reader.badField("round " + round + " or value count " + count + " out of range");
        }
        return switch (in.payload(encoding, count)) {
            case Parsed.Ok<byte[]> ok -> new Parsed.Ok<>(
                    new Broadcast(kind, round, encoding, count, HexFormat.of().formatHex(hash), ok.value()));
            case Parsed.Invalid<byte[]> invalid -> new Parsed.Invalid<>(invalid.code(), invalid.message());
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Broadcast b && kind == b.kind && round == b.round && encoding == b.encoding
                && count == b.count && thetaHash.equals(b.thetaHash) && Arrays.equals(payload, b.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, round, encoding, count, thetaHash, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Broadcast[" + kind + ", round=" + round + ", " + encoding + " × " + count + ", θ=" + thetaHash + "]";
    }
}
