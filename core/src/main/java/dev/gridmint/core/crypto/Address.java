package dev.gridmint.core.crypto;

import java.util.Arrays;

/**
 * An account: a raw 32-byte Ed25519 public key, written in base58 exactly as Solana writes
 * its addresses, so one wallet serves both networks.
 */
public record Address(byte[] publicKey) implements Comparable<Address> {

    public static final int LENGTH = 32;

    public Address {
        if (publicKey.length != LENGTH) {
            throw new IllegalArgumentException("an address is 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    /** Parses a base58 address; throws {@link IllegalArgumentException} if it is not 32 bytes of base58. */
    public static Address parse(String base58) {
        if (base58.length() > 44) {
            throw new IllegalArgumentException("an address has at most 44 base58 characters");
        }
        return new Address(Base58.decode(base58));
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The key bytes without a defensive copy, for hashing and encoding inside core. */
    byte[] rawKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address that && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(publicKey, other.publicKey);
    }

    @Override
    public String toString() {
        return Base58.encode(publicKey);
    }
}
