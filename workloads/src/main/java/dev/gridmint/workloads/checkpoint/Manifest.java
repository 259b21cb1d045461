package dev.gridmint.workloads.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The small versioned binary that names a checkpoint; its SHA-256 is the checkpoint's id.
 *
 * <p>Binary rather than JSON because the identity is a hash of the bytes: a fixed binary layout is canonical
 * by construction (one encoding per value, doubles stored exactly), and it parses strictly with a few
 * lines of JDK code, where canonical JSON would need a canonicalizing writer and a parser in a module that
 * has no dependencies. {@code gridmint} tooling that wants to show it decodes it the same way.
 *
 * <p>Layout, big-endian: the magic {@code "GMCK"}, the version (int), the training settings ({@code seed}
 * long, {@code steps} int, {@code batchSize} int, {@code learningRate} double, {@code weightDecay} double,
 * {@code evalEvery} int), the position ({@code shard} int, {@code shards} int, {@code step} long,
 * {@code cursor} long), the blob count (int), then per blob its role (modified UTF-8), its SHA-256
 * (32 bytes) and its size (long). Nothing may follow.
 */
public record Manifest(long seed, int steps, int batchSize, double learningRate, double weightDecay, int evalEvery,
        int shard, int shards, long step, long cursor, List<BlobRef> blobs) {

    public static final byte[] MAGIC = {'G', 'M', 'C', 'K'};
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_BLOBS = 64;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** One blob: what it holds, its lowercase hex SHA-256 and its size in bytes. */
    public record BlobRef(String role, String sha256, long size) {

        public BlobRef {
            Objects.requireNonNull(role, "role");
            if (!isSha256Hex(sha256)) {
                throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
            }
            if (size < 0) {
                throw new IllegalArgumentException("negative blob size " + size);
            }
        }
    }

    public Manifest {
        blobs = List.copyOf(blobs);
        if (blobs.size() > MAX_BLOBS) {
            throw new IllegalArgumentException(blobs.size() + " blobs exceed " + MAX_BLOBS);
        }
    }

    public static boolean isSha256Hex(String s) {
        return s != null && SHA256_HEX.matcher(s).matches();
    }

    /** The blob with {@code role}, or IllegalArgumentException if there is none. */
    public BlobRef blob(String role) {
        return blobs.stream().filter(b -> b.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the manifest lists no " + role + " blob"));
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(seed);
            out.writeInt(steps);
            out.writeInt(batchSize);
            out.writeDouble(learningRate);
            out.writeDouble(weightDecay);
            out.writeInt(evalEvery);
            out.writeInt(shard);
            out.writeInt(shards);
            out.writeLong(step);
            out.writeLong(cursor);
            out.writeInt(blobs.size());
            for (BlobRef blob : blobs) {
                out.writeUTF(blob.role());
                out.write(HexFormat.of().parseHex(blob.sha256()));
                out.writeLong(blob.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Parses a manifest, or IllegalArgumentException saying what is wrong with it. */
    public static Manifest fromBytes(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("manifest of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(stream)) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IllegalArgumentException("not a checkpoint manifest (bad magic)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported manifest version " + version);
            }
            long seed = in.readLong();
            int steps = in.readInt();
            int batchSize = in.readInt();
            double learningRate = in.readDouble();
            double weightDecay = in.readDouble();
            int evalEvery = in.readInt();
            int shard = in.readInt();
            int shards = in.readInt();
            long step = in.readLong();
            long cursor = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > MAX_BLOBS) {
                throw new IllegalArgumentException("bad blob count " + count);
            }
            List<BlobRef> blobs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String role = in.readUTF();
                String sha256 = HexFormat.of().formatHex(in.readNBytes(32));
                blobs.add(new BlobRef(role, sha256, in.readLong()));
            }
            if (stream.available() > 0) {
                throw new IllegalArgumentException(stream.available() + " unexpected trailing bytes");
            }
            return new Manifest(seed, steps, batchSize, learningRate, weightDecay, evalEvery, shard, shards, step,
                    cursor, blobs);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated manifest", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable manifest: " + e.getMessage(), e);
        }
    }
}
