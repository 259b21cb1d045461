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
 * Ed25519 through the JDK's own provider (JEP 339): always present, and the slowest. The JDK
 * speaks in X.509/PKCS#8 key objects; Solana and our wire format speak in raw bytes, so this
 * class converts between the two.
 */
final class JdkEd25519Engine implements Ed25519Engine {

    static final JdkEd25519Engine INSTANCE = new JdkEd25519Engine();

    private JdkEd25519Engine() {}

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) {
        Ed25519Engine.requireSeed(seed);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey(seed));
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+, yet signing failed", e);
        }
    }

    @Override
    public boolean verifyWellFormed(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(publicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The JDK has no direct call for this, so it reads the key back through a key pair generator
     * fed with the seed as its only randomness.
     */
    @Override
    public byte[] publicKeyOf(byte[] seed) {
        Ed25519Engine.requireSeed(seed);
        try {
            var generator = java.security.KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeedRandom(seed));
            var pair = generator.generateKeyPair();
            return rawPublicKey((java.security.interfaces.EdECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key derivation failed", e);
        }
    }

    private static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    }

    /** RFC 8032 encoding: y little-endian, with the parity of x in the top bit of the last byte. */
    private static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] littleEndian = raw.clone();
        boolean xOdd = (littleEndian[31] & 0x80) != 0;
        littleEndian[31] &= 0x7f;
        var point = new EdECPoint(xOdd, new BigInteger(1, Ed25519Rules.reverse(littleEndian)));
        return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
    }

    private static byte[] rawPublicKey(java.security.interfaces.EdECPublicKey key) {
        EdECPoint point = key.getPoint();
        byte[] littleEndian = Ed25519Rules.littleEndian(point.getY());
        if (point.isXOdd()) {
            littleEndian[31] |= (byte) 0x80;
        }
        return littleEndian;
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
