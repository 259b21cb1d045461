package dev.gridmint.core.crypto;

/** BouncyCastle's pure-Java {@code org.bouncycastle.math.ec.rfc8032.Ed25519}: the portable fallback. */
final class BouncyCastleEd25519Engine implements Ed25519Engine {

    static final BouncyCastleEd25519Engine INSTANCE = new BouncyCastleEd25519Engine();

    private BouncyCastleEd25519Engine() {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    @Override
    public String name() {
        return "bouncycastle";
    }

    @Override
    public byte[] publicKeyOf(byte[] seed) {
        Ed25519Engine.requireSeed(seed);
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) {
        Ed25519Engine.requireSeed(seed);
        byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    @Override
    public boolean verifyWellFormed(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
