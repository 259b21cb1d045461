package dev.gridmint.core.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin/Solana base58: the alphabet without 0, O, I and l; leading zero bytes become '1'. */
public final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEXES[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {}

    public static String encode(byte[] bytes) {
        var number = new BigInteger(1, bytes);
        var out = new StringBuilder();
        while (number.signum() > 0) {
            BigInteger[] quotientAndRemainder = number.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            number = quotientAndRemainder[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /** Decodes base58 text; throws {@link IllegalArgumentException} on any character outside the alphabet. */
    public static byte[] decode(String text) {
        var number = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean inLeadingOnes = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("not a base58 character at " + i + ": '" + c + "'");
            }
            if (inLeadingOnes && digit == 0) {
                leadingZeros++;
            } else {
                inLeadingOnes = false;
            }
            number = number.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = number.signum() == 0 ? new byte[0] : stripSignByte(number.toByteArray());
        byte[] out = new byte[leadingZeros + magnitude.length];
        System.arraycopy(magnitude, 0, out, leadingZeros, magnitude.length);
        return out;
    }

    private static byte[] stripSignByte(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }
}
