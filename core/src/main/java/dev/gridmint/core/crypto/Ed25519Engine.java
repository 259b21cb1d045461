package dev.gridmint.core.crypto;

/**
 * One implementation of Ed25519 (RFC 8032, pure Ed25519: no context, no pre-hash) over raw
 * bytes: 32-byte seeds, 32-byte public keys and 64-byte signatures.
 *
 * <p>The interface is sealed: consensus depends on every engine accepting exactly the same
 * signatures, so only the engines in this package, which share {@link Ed25519Rules} and are
 * tested against the same vectors, may exist. {@link #verify} applies the ledger's rule first
 * and only then asks the library for the group equation.
 */
public sealed interface Ed25519Engine permits JdkEd25519Engine, BouncyCastleEd25519Engine, LibsodiumEd25519Engine {

    /** The name used by the {@code gridmint.ed25519} system property: jdk, bouncycastle or libsodium. */
    String name();

    /** The 32-byte public key of a 32-byte seed. */
    byte[] publicKeyOf(byte[] seed);

    /** The 64-byte deterministic signature of {@code message} by {@code seed}. */
    byte[] sign(byte[] seed, byte[] message);

    /**
     * True only for a valid signature under the ledger's rule ({@link Ed25519Rules}); malformed
     * keys or signatures are simply invalid and never throw.
     */
    default boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return Ed25519Rules.wellFormed(publicKey, signature) && verifyWellFormed(publicKey, message, signature);
    }

    /** The library's own check, called only with inputs that passed {@link Ed25519Rules#wellFormed}. */
    boolean verifyWellFormed(byte[] publicKey, byte[] message, byte[] signature);

    static void requireSeed(byte[] seed) {
        if (seed.length != Ed25519.SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
    }
}
