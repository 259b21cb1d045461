package dev.gridmint.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest, shown in lowercase hex. */
public record Hash(byte[] bytes) implements Comparable<Hash> {

    public static final int LENGTH = 32;

    public Hash {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** One digest per thread: looking one up per call cost as much as hashing a short input. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    });

    public static Hash sha256(byte[]... parts) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return new Hash(digest.digest());
    }

    /** Parses 64 hex characters; throws {@link IllegalArgumentException} otherwise. */
    public static Hash parse(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hash is 64 hex characters, got " + hex.length());
        }
        return new Hash(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Hash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The first 12 hex characters, for people; never for lookups. */
    public String shortHex() {
        return hex().substring(0, 12);
    }

    @Override
    public String toString() {
        return hex();
    }
}
