package dev.gridmint.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ByteWriter} and {@link ByteReader} together: the canonical encoding and its strict reading. */
class ByteCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void integersAreBigEndian() {
        byte[] bytes = new ByteWriter().u8(0xab).i32(0x01020304).i64(0x0102030405060708L).i32(-1).toByteArray();
        assertThat(HEX.formatHex(bytes)).isEqualTo("ab" + "01020304" + "0102030405060708" + "ffffffff");
        var in = new ByteReader(bytes);
        assertThat(in.u8()).isEqualTo(0xab);
        assertThat(in.i32()).isEqualTo(0x01020304);
        assertThat(in.i64()).isEqualTo(0x0102030405060708L);
        assertThat(in.i32()).isEqualTo(-1);
        in.expectEnd();
    }

    @Test
    void extremesRoundTrip() {
        byte[] bytes = new ByteWriter().i32(Integer.MIN_VALUE).i32(Integer.MAX_VALUE)
                .i64(Long.MIN_VALUE).i64(Long.MAX_VALUE).u8(0).u8(255).toByteArray();
        var in = new ByteReader(bytes);
        assertThat(in.i32()).isEqualTo(Integer.MIN_VALUE);
        assertThat(in.i32()).isEqualTo(Integer.MAX_VALUE);
        assertThat(in.i64()).isEqualTo(Long.MIN_VALUE);
        assertThat(in.i64()).isEqualTo(Long.MAX_VALUE);
        assertThat(in.u8()).isZero();
        assertThat(in.u8()).isEqualTo(255);
        in.expectEnd();
    }

    @Test
    void u8RefusesValuesOutsideAByte() {
        assertThatThrownBy(() -> new ByteWriter().u8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ByteWriter().u8(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void booleansAreOneCanonicalByte() {
        var in = new ByteReader(new ByteWriter().bool(true).bool(false).toByteArray());
        assertThat(in.bool()).isTrue();
        assertThat(in.bool()).isFalse();
        for (int value = 2; value < 256; value++) {
            var reader = new ByteReader(new byte[] {(byte) value});
            assertThatThrownBy(reader::bool).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void u63RefusesNegatives() {
        assertThat(new ByteReader(new ByteWriter().i64(Long.MAX_VALUE).toByteArray()).u63("x")).isEqualTo(Long.MAX_VALUE);
        assertThat(new ByteReader(new ByteWriter().i64(0).toByteArray()).u63("x")).isZero();
        assertThatThrownBy(() -> new ByteReader(new ByteWriter().i64(-1).toByteArray()).u63("amount"))
                .isInstanceOf(DecodeException.class).hasMessageContaining("amount");
    }

    @Test
    void byteStringsAndTextRoundTrip() {
        byte[] bytes = new ByteWriter().bytes(new byte[] {1, 2, 3}).text("grüße, 世界 🚀").bytes(new byte[0]).text("").toByteArray();
        var in = new ByteReader(bytes);
        assertThat(in.bytes(3)).containsExactly(1, 2, 3);
        assertThat(in.text(100)).isEqualTo("grüße, 世界 🚀");
        assertThat(in.bytes(0)).isEmpty();
        assertThat(in.text(0)).isEmpty();
        in.expectEnd();
    }

    @Test
    void lengthsAreBounded() {
        byte[] bytes = new ByteWriter().bytes(new byte[10]).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).bytes(9)).isInstanceOf(DecodeException.class);
        assertThat(new ByteReader(bytes).bytes(10)).hasSize(10);
        byte[] negative = new ByteWriter().i32(-1).toByteArray();
        assertThatThrownBy(() -> new ByteReader(negative).bytes(100)).isInstanceOf(DecodeException.class);
        byte[] huge = new ByteWriter().i32(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> new ByteReader(huge).bytes(Integer.MAX_VALUE)).isInstanceOf(DecodeException.class);
    }

    @Test
    void textMustBeValidUtf8() {
        for (String hex : new String[] {"c328", "ff", "c0af", "eda080", "f8888080", "e282"}) {
            byte[] bytes = new ByteWriter().bytes(HEX.parseHex(hex)).toByteArray();
            assertThatThrownBy(() -> new ByteReader(bytes).text(100)).as(hex).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void countsAreBounded() {
        assertThat(new ByteReader(new ByteWriter().i32(5).toByteArray()).count(5, "item")).isEqualTo(5);
        assertThatThrownBy(() -> new ByteReader(new ByteWriter().i32(6).toByteArray()).count(5, "item"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new ByteWriter().i32(-1).toByteArray()).count(5, "item"))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void addressesAndHashesAreFixed32Bytes() {
        var random = new SplittableRandom(32);
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        byte[] bytes = new ByteWriter().address(new Address(key)).hash(new Hash(digest)).toByteArray();
        assertThat(bytes).hasSize(64);
        var in = new ByteReader(bytes);
        assertThat(in.address()).isEqualTo(new Address(key));
        assertThat(in.hash()).isEqualTo(new Hash(digest));
        in.expectEnd();
    }

    @Test
    void readingPastTheEndIsADecodeError() {
        assertThatThrownBy(() -> new ByteReader(new byte[0]).u8()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[3]).i32()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[7]).i64()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[31]).address()).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[31]).hash()).isInstanceOf(DecodeException.class);
        byte[] shortString = new ByteWriter().i32(5).fixed(new byte[4]).toByteArray();
        assertThatThrownBy(() -> new ByteReader(shortString).bytes(10)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> new ByteReader(new byte[2]).fixed(-1)).isInstanceOf(DecodeException.class);
    }

    @Test
    void expectEndRefusesTrailingBytes() {
        var in = new ByteReader(new byte[] {1, 2});
        in.u8();
        assertThatThrownBy(in::expectEnd).isInstanceOf(DecodeException.class).hasMessageContaining("1 unexpected");
        in.u8();
        in.expectEnd();
    }
}
