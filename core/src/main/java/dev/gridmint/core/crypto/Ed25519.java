package dev.gridmint.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 over raw 32-byte keys, using the JDK's own provider (JEP 339). The JDK speaks in
 * X.509/PKCS#8 key objects; Solana and our wire format speak in raw bytes, so this class
 * converts between the two.
 */
public final class Ed25519 {

    public static final int SIGNATURE_LENGTH = 64;
    public static final int SEED_LENGTH = 32;

    private Ed25519() {}

    public static byte[] sign(byte[] seed, byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey(seed));
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+, yet signing failed", e);
        }
    }

    /** True only for a valid signature; malformed keys or signatures are simply invalid. */
    public static boolean verify(Address signer, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(signer.rawKey()));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Derives the public key of a seed. The JDK has no direct call for this, so it signs and
     * reads the key back through a key pair generator fed with the seed as its only randomness.
     */
    public static Address publicKeyOf(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        try {
            var generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeedRandom(seed));
            var pair = generator.generateKeyPair();
            return new Address(rawPublicKey((java.security.interfaces.EdECPublicKey) pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        }
    }

    private static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        }
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    /** RFC 8032 encoding: y little-endian, with the parity of x in the top bit of the last byte. */
    private static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] littleEndian = raw.clone();
        boolean xOdd = (littleEndian[31] & 0x80) != 0;
        littleEndian[31] &= 0x7f;
        byte[] bigEndian = reverse(littleEndian);
        var point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    private static byte[] rawPublicKey(java.security.interfaces.EdECPublicKey key) {
        EdECPoint point = key.getPoint();
        byte[] y = point.getY().toByteArray();
        byte[] littleEndian = new byte[32];
        for (int i = 0; i < y.length && i < 32; i++) {
            littleEndian[i] = y[y.length - 1 - i];
        }
        if (point.isXOdd()) {
            littleEndian[31] |= (byte) 0x80;
        }
        return littleEndian;
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** Hands out the seed once, as the JDK's key generator asks for exactly 32 random bytes. */
    private static final class FixedSeedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
