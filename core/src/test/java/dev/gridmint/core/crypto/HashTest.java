package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashTest {

    @Test
    void sha256KnownVectors() {
        assertThat(Hash.sha256().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII)).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void partsAreHashedAsTheirConcatenation() {
        assertThat(Hash.sha256("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void hexRoundTrip() {
        Hash hash = Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Hash.parse(hash.hex())).isEqualTo(hash);
        assertThat(hash).hasToString(hash.hex());
        assertThat(hash.shortHex()).isEqualTo("ba7816bf8f01").hasSize(12);
    }

    @Test
    void parseRejectsWrongLengthsAndNonHex() {
        assertThatThrownBy(() -> Hash.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.parse("ab".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.parse("ab".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hash.parse("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hash(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] bytes = new byte[32];
        var hash = new Hash(bytes);
        bytes[0] = 1;
        hash.bytes()[1] = 1;
        assertThat(hash.bytes()).isEqualTo(new byte[32]);
    }

    @Test
    void equalityAndUnsignedOrder() {
        byte[] low = new byte[32];
        low[31] = 0x7f;
        byte[] high = new byte[32];
        high[31] = (byte) 0xff;
        assertThat(new Hash(low)).isEqualTo(new Hash(low.clone())).hasSameHashCodeAs(new Hash(low.clone()));
        assertThat(new Hash(low)).isLessThan(new Hash(high));
    }
}
