package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AddressTest {

    private static final String RFC8032_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @Test
    void printsAndParsesBase58LikeSolana() {
        var address = new Address(HexFormat.of().parseHex(RFC8032_TEST1_PUBLIC));
        // Computed independently (Python) from the RFC 8032 TEST 1 public key.
        assertThat(address.toString()).isEqualTo("FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z");
        assertThat(Address.parse("FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z")).isEqualTo(address);
    }

    @Test
    void systemProgramIdIsAllZeros() {
        assertThat(Address.parse("11111111111111111111111111111111").publicKey()).isEqualTo(new byte[32]);
        assertThat(new Address(new byte[32])).hasToString("11111111111111111111111111111111");
    }

    @Test
    void mustBe32Bytes() {
        assertThatThrownBy(() -> new Address(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Address(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("2g")).isInstanceOf(IllegalArgumentException.class);
        // 33 zero bytes: 33 ones, within the 44-character bound but not an address.
        assertThatThrownBy(() -> Address.parse("1".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("1".repeat(45))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("0".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] key = new byte[32];
        var address = new Address(key);
        key[0] = 1;
        assertThat(address.publicKey()[0]).isZero();
        address.publicKey()[1] = 1;
        assertThat(address.publicKey()[1]).isZero();
    }

    @Test
    void equalityIsByValue() {
        byte[] key = HexFormat.of().parseHex(RFC8032_TEST1_PUBLIC);
        assertThat(new Address(key)).isEqualTo(new Address(key.clone())).hasSameHashCodeAs(new Address(key.clone()));
        assertThat(new Address(key)).isNotEqualTo(new Address(new byte[32]));
    }

    @Test
    void ordersAsUnsignedBytes() {
        byte[] low = new byte[32];
        low[0] = 0x7f;
        byte[] high = new byte[32];
        high[0] = (byte) 0x80;
        assertThat(new Address(low)).isLessThan(new Address(high));
        assertThat(new Address(new byte[32])).isLessThan(new Address(low));
        assertThat(new Address(high).compareTo(new Address(high.clone()))).isZero();
    }
}
