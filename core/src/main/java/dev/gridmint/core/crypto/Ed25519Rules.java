package dev.gridmint.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The ledger's signature rule, checked before any engine is asked, so that every engine accepts
 * exactly the same signatures (consensus depends on it). It is RFC 8032 §5.1.7 verification,
 * made strict the way libsodium's {@code crypto_sign_ed25519_verify_detached} is:
 * <ol>
 *   <li>the public key is 32 bytes and the signature 64 bytes;</li>
 *   <li>S is canonical: {@code S < L} (RFC 8032 requires it; it keeps transaction ids unique);</li>
 *   <li>A (the public key) and R (the first half of the signature) are canonical encodings:
 *       {@code y < p} (RFC 8032 decoding step 1);</li>
 *   <li>neither A nor R is one of the eight points of small order (libsodium's rule; a
 *       small-order key would let one signature verify for any message);</li>
 *   <li>then the group equation {@code [S]B = R + [k]A}, checked by the engine, cofactorless,
 *       as the JDK, BouncyCastle and libsodium all do.</li>
 * </ol>
 * Libraries disagree on steps 3 and 4 (the JDK accepts small-order keys, BouncyCastle and
 * libsodium differ on which small-order encodings they refuse), which is why this class decides
 * them for all engines.
 */
final class Ed25519Rules {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    /** The group order L, little-endian as signatures carry S. */
    static final byte[] L = littleEndian(BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493")));

    /** y of the two order-8 points (the other two share p - y); solves d y^4 + 2 y^2 - 1 = 0 mod p. */
    private static final BigInteger Y_ORDER_8 = new BigInteger(1, reverse(
            java.util.HexFormat.of().parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")));

    /**
     * The y coordinates of the eight small-order points: 1 (the identity, order 1), p - 1 (order 2),
     * 0 (order 4, both signs of x) and the two order-8 values. The sign bit of x does not matter.
     */
    private static final byte[][] SMALL_ORDER_Y = {
        littleEndian(BigInteger.ZERO),
        littleEndian(BigInteger.ONE),
        littleEndian(P.subtract(BigInteger.ONE)),
        littleEndian(Y_ORDER_8),
        littleEndian(P.subtract(Y_ORDER_8)),
    };

    private Ed25519Rules() {}

    static boolean wellFormed(byte[] publicKey, byte[] signature) {
        if (publicKey == null || signature == null
                || publicKey.length != Ed25519.PUBLIC_KEY_LENGTH || signature.length != Ed25519.SIGNATURE_LENGTH) {
            return false;
        }
        return canonicalScalar(signature, 32)
                && canonicalPoint(publicKey, 0) && !smallOrder(publicKey, 0)
                && canonicalPoint(signature, 0) && !smallOrder(signature, 0);
    }

    /** S < L, comparing the 32 little-endian bytes from the most significant one. */
    static boolean canonicalScalar(byte[] bytes, int offset) {
        for (int i = 31; i >= 0; i--) {
            int s = bytes[offset + i] & 0xff;
            int l = L[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false; // S == L
    }

    /** The y coordinate, the low 255 bits, is below p = 2^255 - 19. */
    static boolean canonicalPoint(byte[] bytes, int offset) {
        if ((bytes[offset + 31] & 0x7f) != 0x7f) {
            return true;
        }
        for (int i = 30; i >= 1; i--) {
            if ((bytes[offset + i] & 0xff) != 0xff) {
                return true;
            }
        }
        return (bytes[offset] & 0xff) < 0xed;
    }

    static boolean smallOrder(byte[] bytes, int offset) {
        byte[] y = Arrays.copyOfRange(bytes, offset, offset + 32);
        y[31] &= 0x7f;
        for (byte[] candidate : SMALL_ORDER_Y) {
            if (Arrays.equals(y, candidate)) {
                return true;
            }
        }
        return false;
    }

    static byte[] littleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
