package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One worker's pseudo-gradient for one round, Δ = θ_global − θ_local, as it goes up to the aggregator. The
 * node signs {@link #toBytes()} as an artifact; {@link #sha256()} names it in the round manifest.
 *
 * <p>Canonical layout (big-endian): {@code "GMDL"}, version 1, encoding tag (1 byte), round (int64), worker
 * (int32), shard (int32), tokens (int64), value count (int32), payload length (int32), payload.
 * Synchronous data-parallel training sends its per-step gradients in the same frame (round = step), so
 * both methods are measured in the same bytes.
 *
 * @param tokens the target tokens the worker trained on this round: its weight in the average
 */
public record DeltaMessage(long round, int worker, int shard, long tokens, Encoding encoding, int count,
        byte[] payload) {

    static final String MAGIC = "GMDL";
    private static final int FIELDS = 1 + Long.BYTES + Integer.BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES
            + Integer.BYTES;
    /** The largest message: a header and {@link Frame#MAX_VALUES} fp32 values. */
    public static final int MAX_BYTES = MAGIC.length() + 1 + FIELDS + Frame.MAX_VALUES * Float.BYTES;

    public DeltaMessage {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(payload, "payload");
        String problem = fieldProblem(round, worker, shard, tokens, count);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (payload.length != encoding.encodedSize(count)) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes for " + count + " "
                    + encoding + " values");
        }
        payload = payload.clone();
    }

    /** Encodes {@code delta}. */
    public static DeltaMessage of(long round, int worker, int shard, long tokens, Encoding encoding,
            double[] delta) {
        return new DeltaMessage(round, worker, shard, tokens, encoding, delta.length, encoding.encode(delta));
    }

    /** The decoded Δ (which may hold NaN if a sender put it there: {@link DeltaCheck} judges that). */
    public double[] values() {
        return encoding.decode(payload, count);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The canonical bytes. */
    public byte[] toBytes() {
        ByteBuffer out = Frame.start(MAGIC, FIELDS + payload.length);
        out.put(encoding.tag()).putLong(round).putInt(worker).putInt(shard).putLong(tokens).putInt(count)
                .putInt(payload.length).put(payload);
        return out.array();
    }

    /** The size of {@link #toBytes()}: what this message costs on the wire. */
    public int sizeBytes() {
        return MAGIC.length() + 1 + FIELDS + payload.length;
    }

    /** SHA-256 of the canonical bytes, lowercase hex. */
    public String sha256() {
        return ParameterVector.sha256Hex(toBytes());
    }

    /** Parses canonical bytes strictly: every field in range, the payload exactly sized, nothing after it. */
    public static Parsed<DeltaMessage> parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            return new Parsed.Invalid<>(Parsed.Code.TOO_LARGE, bytes.length + " bytes, at most " + MAX_BYTES);
        }
        Frame.Reader in = new Frame.Reader(bytes);
        Parsed.Invalid<DeltaMessage> bad = in.header(MAGIC);
        if (bad != null) {
            return bad;
        }
        if (!in.has(FIELDS - Integer.BYTES)) {
            return Frame.Reader.truncated();
        }
        Encoding encoding = Encoding.ofTag(in.getByte());
        long round = in.getLong();
        int worker = in.getInt();
        int shard = in.getInt();
        long tokens = in.getLong();
        int count = in.getInt();
        if (encoding == null) {
            return Frame.Reader.badField("unknown encoding");
        }
        String problem = fieldProblem(round, worker, shard, tokens, count);
        if (problem != null) {
            return Frame.Reader.badField(problem);
        }
        return switch (in.payload(encoding, count)) {
            case Parsed.Ok<byte[]> ok -> new Parsed.Ok<>(
                    new DeltaMessage(round, worker, shard, tokens, encoding, count, ok.value()));
            case Parsed.Invalid<byte[]> invalid -> new Parsed.Invalid<>(invalid.code(), invalid.message());
        };
    }

    private static String fieldProblem(long round, int worker, int shard, long tokens, int count) {
        if (round < 0) {
            return "round " + round + " is negative";
        }
        if (worker < 0 || shard < 0) {
            return "worker " + worker + " and shard " + shard + " must be >= 0";
        }
        if (tokens <= 0) {
            return "tokens must be > 0, got " + tokens;
        }
        if (count <= 0 || count > Frame.MAX_VALUES) {
            return "value count " + count + " outside 1.." + Frame.MAX_VALUES;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeltaMessage m && round == m.round && worker == m.worker && shard == m.shard
                && tokens == m.tokens && encoding == m.encoding && count == m.count
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, worker, shard, tokens, encoding, count, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "DeltaMessage[round=" + round + ", worker=" + worker + ", shard=" + shard + ", tokens=" + tokens
                + ", " + encoding + " × " + count + "]";
    }
}
