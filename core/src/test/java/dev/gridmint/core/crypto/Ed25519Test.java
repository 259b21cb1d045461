package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032, section 7.1, TEST 1.
    private static final byte[] SECRET = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] SIGNATURE = HEX.parseHex(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    /** The group order L, little-endian as signatures carry S. */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    @ParameterizedTest(name = "RFC 8032 TEST {0}")
    @CsvSource({
        "1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', "
                + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, "
                + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, "
                + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032Vectors(int test, String secret, String publicKey, String message, String signature) {
        byte[] seed = HEX.parseHex(secret);
        byte[] msg = HEX.parseHex(message);
        Address derived = Ed25519.publicKeyOf(seed);
        assertThat(derived.publicKey()).as("public key of TEST %d", test).isEqualTo(HEX.parseHex(publicKey));
        byte[] signed = Ed25519.sign(seed, msg);
        assertThat(HEX.formatHex(signed)).as("signature of TEST %d", test).isEqualTo(signature);
        assertThat(Ed25519.verify(derived, msg, signed)).isTrue();
    }

    @Test
    void publicKeyDerivationAndSigningAreDeterministic() {
        assertThat(Ed25519.publicKeyOf(SECRET)).isEqualTo(Ed25519.publicKeyOf(SECRET.clone()));
        assertThat(Ed25519.sign(SECRET, new byte[] {1, 2, 3})).isEqualTo(Ed25519.sign(SECRET, new byte[] {1, 2, 3}));
    }

    @Test
    void verifyRejectsATamperedMessage() {
        var signer = new Address(PUBLIC);
        assertThat(Ed25519.verify(signer, new byte[0], SIGNATURE)).isTrue();
        assertThat(Ed25519.verify(signer, new byte[] {0}, SIGNATURE)).isFalse();
    }

    @Test
    void verifyRejectsEveryFlippedSignatureBit() {
        var signer = new Address(PUBLIC);
        for (int bit = 0; bit < 8 * SIGNATURE.length; bit++) {
            byte[] tampered = SIGNATURE.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Ed25519.verify(signer, new byte[0], tampered)).as("bit %d flipped", bit).isFalse();
        }
    }

    @Test
    void verifyRejectsWrongLengthSignatures() {
        var signer = new Address(PUBLIC);
        assertThat(Ed25519.verify(signer, new byte[0], new byte[0])).isFalse();
        assertThat(Ed25519.verify(signer, new byte[0], Arrays.copyOf(SIGNATURE, 63))).isFalse();
        assertThat(Ed25519.verify(signer, new byte[0], Arrays.copyOf(SIGNATURE, 65))).isFalse();
    }

    @Test
    void verifyRejectsAnotherKey() {
        Address other = Ed25519.publicKeyOf(new byte[32]);
        assertThat(Ed25519.verify(other, new byte[0], SIGNATURE)).isFalse();
    }

    @Test
    void verifyRejectsAMalleatedSignature() {
        // S + L verifies under a lax implementation; RFC 8032 requires S < L, so transaction ids stay unique.
        byte[] s = reverse(Arrays.copyOfRange(SIGNATURE, 32, 64));
        byte[] sPlusL = new BigInteger(1, s).add(L).toByteArray();
        byte[] malleated = SIGNATURE.clone();
        byte[] littleEndian = reverse(sPlusL);
        Arrays.fill(malleated, 32, 64, (byte) 0);
        System.arraycopy(littleEndian, 0, malleated, 32, Math.min(32, littleEndian.length));
        assertThat(Ed25519.verify(new Address(PUBLIC), new byte[0], malleated)).isFalse();
    }

    @Test
    void malformedPublicKeysAreSimplyInvalid() {
        var random = new SplittableRandom(25519);
        for (int i = 0; i < 64; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            // Roughly half of all 32-byte strings are not curve points; none may throw.
            assertThat(Ed25519.verify(new Address(key), new byte[0], SIGNATURE)).isFalse();
        }
        byte[] allOnes = new byte[32];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThat(Ed25519.verify(new Address(allOnes), new byte[0], SIGNATURE)).isFalse();
    }

    @Test
    void randomKeysSignAndVerify() {
        var random = new SplittableRandom(8032);
        for (int i = 0; i < 16; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            Address address = Ed25519.publicKeyOf(seed);
            byte[] signature = Ed25519.sign(seed, message);
            assertThat(signature).hasSize(Ed25519.SIGNATURE_LENGTH);
            assertThat(Ed25519.verify(address, message, signature)).isTrue();
        }
    }

    @Test
    void seedsMustBe32Bytes() {
        assertThatThrownBy(() -> Ed25519.sign(new byte[31], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.sign(new byte[33], new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
