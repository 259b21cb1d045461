package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base58Test {

    private static final HexFormat HEX = HexFormat.of();

    /** Bitcoin Core's src/test/data/base58_encode_decode.json, plus two leading-zero cases. */
    @ParameterizedTest(name = "{0} <-> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "                                                    | ",
        "00                                                  | 1",
        "0000287fb4cd                                        | 11233QC4",
        "000000287fb4cd                                      | 111233QC4",
        "61                                                  | 2g",
        "626262                                              | a3gV",
        "636363                                              | aPEr",
        "73696d706c792061206c6f6e6720737472696e67            | 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647  | 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f                                          | ABnLTmg",
        "bf4f89001e670274dd                                  | 3SEo3LWLoPntC",
        "572e4794                                            | 3EFU7m",
        "ecac89cad93923c02321                                | EJDM8drfXA6uyA",
        "10c8511e                                            | Rt5zm",
        "00000000000000000000                                | 1111111111",
    })
    void knownVectors(String hex, String base58) {
        byte[] bytes = HEX.parseHex(hex == null ? "" : hex);
        String text = base58 == null ? "" : base58;
        assertThat(Base58.encode(bytes)).isEqualTo(text);
        assertThat(Base58.decode(text)).isEqualTo(bytes);
    }

    @Test
    void helloWorld() {
        byte[] bytes = "Hello World!".getBytes(StandardCharsets.US_ASCII);
        assertThat(Base58.encode(bytes)).isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58.decode("2NEpo7TZRRrLZSi2U")).isEqualTo(bytes);
    }

    @Test
    void thirtyTwoZeroBytesAreSolanasSystemProgram() {
        assertThat(Base58.encode(new byte[32])).isEqualTo("11111111111111111111111111111111");
        assertThat(Base58.decode("11111111111111111111111111111111")).isEqualTo(new byte[32]);
    }

    @Test
    void emptyIsEmpty() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.decode("")).isEmpty();
    }

    @Test
    void highBitBytesRoundTripWithoutASignByte() {
        byte[] bytes = {(byte) 0xff, (byte) 0x80, 0x00, 0x01};
        assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }

    @Test
    void randomBytesRoundTrip() {
        var random = new SplittableRandom(58);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            int zeros = random.nextInt(4);
            for (int z = 0; z < zeros && z < bytes.length; z++) {
                bytes[z] = 0;
            }
            String text = Base58.encode(bytes);
            assertThat(text).matches("[1-9A-HJ-NP-Za-km-z]*");
            assertThat(Base58.decode(text)).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "O", "I", "l", "abc0", "1111O", "+", "/", " ", "2g ", "é", "\u0661", "２"})
    void rejectsCharactersOutsideTheAlphabet(String text) {
        assertThatThrownBy(() -> Base58.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
