package dev.gridmint.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeypairTest {

    private static final byte[] SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    @Test
    void fromSeedDerivesTheRfc8032Address() {
        var keypair = Keypair.fromSeed(SEED);
        assertThat(keypair.address()).hasToString("FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z");
        assertThat(keypair).hasToString("Keypair[FVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z]");
    }

    @Test
    void signaturesVerifyUnderItsAddress() {
        var keypair = Keypair.fromSeed(SEED);
        byte[] message = {1, 2, 3};
        assertThat(Ed25519.verify(keypair.address(), message, keypair.sign(message))).isTrue();
    }

    @Test
    void generateIsDeterministicForASeededSource() {
        var a = Keypair.generate(new SplittableRandom(7));
        var b = Keypair.generate(new SplittableRandom(7));
        var c = Keypair.generate(new SplittableRandom(8));
        assertThat(a.address()).isEqualTo(b.address()).isNotEqualTo(c.address());
    }

    @Test
    void solanaBytesAreSeedThenPublicKey() {
        var keypair = Keypair.fromSeed(SEED);
        byte[] bytes = keypair.toSolanaBytes();
        assertThat(bytes).hasSize(64);
        assertThat(Arrays.copyOfRange(bytes, 0, 32)).isEqualTo(SEED);
        assertThat(Arrays.copyOfRange(bytes, 32, 64)).isEqualTo(keypair.address().publicKey());
        assertThat(Keypair.fromSolanaBytes(bytes).address()).isEqualTo(keypair.address());
    }

    @Test
    void solanaBytesWithAForeignPublicHalfAreRefused() {
        byte[] bytes = Keypair.fromSeed(SEED).toSolanaBytes();
        bytes[40] ^= 1;
        assertThatThrownBy(() -> Keypair.fromSolanaBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void wrongLengthsAreRefused() {
        assertThatThrownBy(() -> Keypair.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypair.fromSeed(new byte[64])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypair.fromSolanaBytes(new byte[63])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypair.fromSolanaBytes(new byte[65])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSeedIsCopiedIn() {
        byte[] seed = SEED.clone();
        var keypair = Keypair.fromSeed(seed);
        seed[0] ^= 1;
        assertThat(Arrays.copyOf(keypair.toSolanaBytes(), 32)).isEqualTo(SEED);
    }
}
