package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every engine against the same vectors, and against each other. The libsodium cases are skipped,
 * with the reason, where the library (Debian: libsodium23) cannot be loaded.
 */
class Ed25519EnginesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    static Stream<String> engines() {
        return Stream.of("jdk", "bouncycastle", "libsodium");
    }

    static Ed25519Engine engine(String name) {
        var engine = Ed25519.named(name);
        Assumptions.assumeTrue(engine.isPresent(),
                () -> name + " is not available on this machine (libsodium: install the libsodium23 package and run with "
                        + "--enable-native-access=ALL-UNNAMED); the other engines cover the same vectors");
        return engine.get();
    }

    /** RFC 8032 section 7.1: TEST 1, TEST 2, TEST 3 and TEST SHA(abc). */
    static Stream<Arguments> vectors() {
        return engines().flatMap(engine -> Stream.of(
                Arguments.of(engine, "TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                Arguments.of(engine, "TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                Arguments.of(engine, "TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
                Arguments.of(engine, "TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704")));
    }

    @ParameterizedTest(name = "{0}: RFC 8032 {1}")
    @MethodSource("vectors")
    void rfc8032Vectors(String name, String test, String secret, String publicKey, String message, String signature) {
        Ed25519Engine engine = engine(name);
        byte[] seed = HEX.parseHex(secret);
        byte[] msg = HEX.parseHex(message);
        byte[] sig = HEX.parseHex(signature);
        assertThat(HEX.formatHex(engine.publicKeyOf(seed))).as("public key of %s", test).isEqualTo(publicKey);
        assertThat(HEX.formatHex(engine.sign(seed, msg))).as("signature of %s", test).isEqualTo(signature);
        assertThat(engine.verify(HEX.parseHex(publicKey), msg, sig)).isTrue();
        byte[] otherMessage = Arrays.copyOf(msg, msg.length + 1);
        assertThat(engine.verify(HEX.parseHex(publicKey), otherMessage, sig)).isFalse();
    }

    /** A seeded batch of keys and messages: every engine derives, signs and judges identically, tampering included. */
    @Test
    void allEnginesAgreeOnASeededBatch() {
        List<Ed25519Engine> engines = Ed25519.available();
        var random = new SplittableRandom(20261123);
        for (int i = 0; i < 150; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] message = new byte[random.nextInt(400)];
            random.nextBytes(message);
            byte[] publicKey = engines.getFirst().publicKeyOf(seed);
            byte[] signature = engines.getFirst().sign(seed, message);
            byte[][] cases = tamperings(random, publicKey, message, signature);
            for (Ed25519Engine engine : engines) {
                assertThat(engine.publicKeyOf(seed)).as("%s public key #%d", engine.name(), i).isEqualTo(publicKey);
                assertThat(engine.sign(seed, message)).as("%s signature #%d", engine.name(), i).isEqualTo(signature);
                assertThat(engine.verify(publicKey, message, signature)).as("%s verifies #%d", engine.name(), i).isTrue();
                for (int c = 0; c < cases.length; c += 3) {
                    assertThat(engine.verify(cases[c], cases[c + 1], cases[c + 2]))
                            .as("%s on tampering %d of #%d", engine.name(), c / 3, i).isFalse();
                }
            }
        }
    }

    /** Triples (key, message, signature), each one changed: a signature bit, a message bit, a key bit, S + L. */
    private static byte[][] tamperings(SplittableRandom random, byte[] publicKey, byte[] message, byte[] signature) {
        byte[] badSignature = signature.clone();
        int bit = random.nextInt(512);
        badSignature[bit / 8] ^= (byte) (1 << (bit % 8));
        byte[] badMessage = message.length == 0 ? new byte[] {0} : message.clone();
        if (message.length > 0) {
            int mbit = random.nextInt(message.length * 8);
            badMessage[mbit / 8] ^= (byte) (1 << (mbit % 8));
        }
        byte[] badKey = publicKey.clone();
        int kbit = random.nextInt(256);
        badKey[kbit / 8] ^= (byte) (1 << (kbit % 8));
        return new byte[][] {
            publicKey, message, badSignature,
            publicKey, badMessage, signature,
            badKey, message, signature,
            publicKey, message, withS(signature, s(signature).add(L)),
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rejectsNonCanonicalS(String name) {
        Ed25519Engine engine = engine(name);
        byte[] seed = new byte[32];
        byte[] publicKey = engine.publicKeyOf(seed);
        byte[] signature = engine.sign(seed, new byte[] {7});
        assertThat(engine.verify(publicKey, new byte[] {7}, signature)).isTrue();
        assertThat(engine.verify(publicKey, new byte[] {7}, withS(signature, s(signature).add(L)))).as("S + L").isFalse();
        assertThat(engine.verify(publicKey, new byte[] {7}, withS(signature, L))).as("S = L").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rejectsWrongLengths(String name) {
        Ed25519Engine engine = engine(name);
        byte[] seed = new byte[32];
        byte[] publicKey = engine.publicKeyOf(seed);
        byte[] signature = engine.sign(seed, new byte[0]);
        assertThat(engine.verify(publicKey, new byte[0], Arrays.copyOf(signature, 63))).isFalse();
        assertThat(engine.verify(publicKey, new byte[0], Arrays.copyOf(signature, 65))).isFalse();
        assertThat(engine.verify(Arrays.copyOf(publicKey, 31), new byte[0], signature)).isFalse();
        assertThat(engine.verify(Arrays.copyOf(publicKey, 33), new byte[0], signature)).isFalse();
        assertThatThrownBy(() -> engine.sign(new byte[31], new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.publicKeyOf(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The classic small-order forgery: with the identity as public key and as R, and S = 0, the
     * equation [S]B = R + [k]A holds for every message. The ledger refuses small-order keys and R
     * (libsodium's rule), for every engine.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rejectsSmallOrderKeysAndR(String name) {
        Ed25519Engine engine = engine(name);
        byte[] identity = littleEndian(BigInteger.ONE);
        byte[] forged = new byte[64];
        System.arraycopy(identity, 0, forged, 0, 32);
        assertThat(engine.verify(identity, "pay me".getBytes(), forged)).isFalse();
        for (BigInteger y : List.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), y8(), P.subtract(y8()))) {
            for (int sign = 0; sign < 2; sign++) {
                byte[] point = littleEndian(y);
                point[31] |= (byte) (sign << 7);
                assertThat(Ed25519Rules.smallOrder(point, 0)).isTrue();
                byte[] sig = forged.clone();
                System.arraycopy(point, 0, sig, 0, 32);
                assertThat(engine.verify(point, new byte[0], sig)).as("y=%s sign=%d", y, sign).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rejectsNonCanonicalPointEncodings(String name) {
        Ed25519Engine engine = engine(name);
        byte[] seed = new byte[32];
        byte[] signature = engine.sign(seed, new byte[0]);
        for (int k = 0; k < 19; k++) { // y = p + k, the encodings of y >= p
            byte[] point = littleEndian(P.add(BigInteger.valueOf(k)));
            assertThat(Ed25519Rules.canonicalPoint(point, 0)).as("p + %d", k).isFalse();
            assertThat(engine.verify(point, new byte[0], signature)).isFalse();
            byte[] sig = signature.clone();
            System.arraycopy(point, 0, sig, 0, 32);
            assertThat(engine.verify(engine.publicKeyOf(seed), new byte[0], sig)).isFalse();
        }
        assertThat(Ed25519Rules.canonicalPoint(littleEndian(P.subtract(BigInteger.ONE)), 0)).isTrue();
    }

    /** The order-8 y really is one: 2P has y = 0 exactly when d y^4 + 2 y^2 - 1 = 0 (mod p). */
    @Test
    void theSmallOrderListIsRight() {
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
        for (BigInteger y : List.of(y8(), P.subtract(y8()))) {
            BigInteger y2 = y.multiply(y).mod(P);
            assertThat(d.multiply(y2).multiply(y2).add(y2.shiftLeft(1)).subtract(BigInteger.ONE).mod(P)).isZero();
        }
    }

    @Test
    void selectionHonoursThePropertyAndFallsBackSoftly() {
        List<Ed25519Engine> withoutSodium = List.of(BouncyCastleEd25519Engine.INSTANCE, JdkEd25519Engine.INSTANCE);
        assertThat(Ed25519.choose(null, withoutSodium).name()).isEqualTo("bouncycastle");
        assertThat(Ed25519.choose("", withoutSodium).name()).isEqualTo("bouncycastle");
        assertThat(Ed25519.choose("libsodium", withoutSodium).name()).as("absent libsodium falls back").isEqualTo("bouncycastle");
        assertThat(Ed25519.choose("JDK", withoutSodium).name()).isEqualTo("jdk");
        assertThat(Ed25519.choose("bouncycastle", Ed25519.available()).name()).isEqualTo("bouncycastle");
        assertThatThrownBy(() -> Ed25519.choose("openssl", withoutSodium)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Ed25519.available().getLast().name()).isEqualTo("jdk");
        assertThat(Ed25519.engine()).isIn(Ed25519.available());
        if (System.getProperty(Ed25519.ENGINE_PROPERTY) == null) {
            assertThat(Ed25519.engine()).as("the fastest present").isEqualTo(Ed25519.available().getFirst());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = "libsodium")
    void libsodiumLoadsWhereInstalled(String name) {
        boolean installed = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libsodium.so.23"));
        Assumptions.assumeTrue(installed, "libsodium23 is not installed here");
        assertThat(Ed25519.named(name)).as("libsodium is installed, so it must load").isPresent();
        assertThat(Ed25519.available().getFirst().name()).isEqualTo(name);
    }

    private static BigInteger y8() {
        return new BigInteger(1, Ed25519Rules.reverse(HEX.parseHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")));
    }

    private static BigInteger s(byte[] signature) {
        return new BigInteger(1, Ed25519Rules.reverse(Arrays.copyOfRange(signature, 32, 64)));
    }

    private static byte[] withS(byte[] signature, BigInteger s) {
        byte[] out = signature.clone();
        System.arraycopy(littleEndian(s), 0, out, 32, 32);
        return out;
    }

    private static byte[] littleEndian(BigInteger value) {
        return Ed25519Rules.littleEndian(value);
    }
}
