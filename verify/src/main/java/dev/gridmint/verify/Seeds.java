package dev.gridmint.verify;

import dev.gridmint.core.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Hash-derived randomness: every random choice in this module is a function of a seed and the
 * choice's own name, so it can be recomputed by anyone holding the seed and by nobody without it.
 * The domain string keeps two uses of one seed from ever drawing the same numbers.
 */
public final class Seeds {

    private Seeds() {}

    /** SHA-256 over the domain and the parts, each part length-prefixed so no two inputs collide. */
    public static Hash derive(String domain, byte[]... parts) {
        byte[][] framed = new byte[parts.length * 2 + 1][];
        framed[0] = framedBytes(domain.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < parts.length; i++) {
            framed[2 * i + 1] = ByteBuffer.allocate(4).putInt(parts[i].length).array();
            framed[2 * i + 2] = parts[i];
        }
        return Hash.sha256(framed);
    }

    /** A generator seeded with {@link #seed}. */
    public static SplittableRandom random(String domain, byte[]... parts) {
        return new SplittableRandom(seed(domain, parts));
    }

    /** The first 8 bytes of {@link #derive}, big-endian: the seed {@link #random} starts its generator from. */
    public static long seed(String domain, byte[]... parts) {
        return ByteBuffer.wrap(derive(domain, parts).bytes()).getLong();
    }

    /** The hash read as a number in [0, 1): for Bernoulli draws that must be recomputable. */
    public static double uniform(Hash hash) {
        return (ByteBuffer.wrap(hash.bytes()).getLong() >>> 11) * 0x1.0p-53;
    }

    public static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    public static byte[] intBytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] framedBytes(byte[] domain) {
        return ByteBuffer.allocate(4 + domain.length).putInt(domain.length).put(domain).array();
    }
}
