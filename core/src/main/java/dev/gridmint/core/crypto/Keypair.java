package dev.gridmint.core.crypto;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A signing key: the 32-byte Ed25519 seed and the address it derives. The source of
 * randomness is passed in, so the core never reaches for a global one; callers use
 * {@link java.security.SecureRandom} for real wallets and a seeded generator in tests.
 */
public final class Keypair {

    private final byte[] seed;
    private final Address address;

    private Keypair(byte[] seed, Address address) {
        this.seed = seed;
        this.address = address;
    }

    public static Keypair generate(RandomGenerator random) {
        byte[] seed = new byte[Ed25519.SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    public static Keypair fromSeed(byte[] seed) {
        if (seed.length != Ed25519.SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        byte[] copy = seed.clone();
        return new Keypair(copy, Ed25519.publicKeyOf(copy));
    }

    public Address address() {
        return address;
    }

    public byte[] sign(byte[] message) {
        return Ed25519.sign(seed, message);
    }

    /** Seed followed by public key: the 64 bytes that a Solana keypair file holds. */
    public byte[] toSolanaBytes() {
        byte[] out = Arrays.copyOf(seed, 64);
        System.arraycopy(address.rawKey(), 0, out, 32, 32);
        return out;
    }

    /** Reads the 64 Solana bytes, and refuses them if the public half does not match the seed. */
    public static Keypair fromSolanaBytes(byte[] bytes) {
        if (bytes.length != 64) {
            throw new IllegalArgumentException("a Solana keypair is 64 bytes, got " + bytes.length);
        }
        Keypair keypair = fromSeed(Arrays.copyOf(bytes, 32));
        if (!Arrays.equals(keypair.address.rawKey(), Arrays.copyOfRange(bytes, 32, 64))) {
            throw new IllegalArgumentException("the public key in the keypair does not belong to its secret key");
        }
        return keypair;
    }

    @Override
    public String toString() {
        return "Keypair[" + address + "]";
    }
}
