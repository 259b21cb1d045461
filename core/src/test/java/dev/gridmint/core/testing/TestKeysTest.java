package dev.gridmint.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestKeysTest {

    @Test
    void theSeedIsSha256OfTheName() {
        assertThat(TestKeys.seedOf("alice")).isEqualTo(Hash.sha256("alice".getBytes(StandardCharsets.UTF_8)).bytes());
        assertThat(TestKeys.of("alice").address())
                .isEqualTo(Keypair.fromSeed(Hash.sha256("alice".getBytes(StandardCharsets.UTF_8)).bytes()).address());
    }

    @Test
    void aliceHasAFixedAddress() {
        // Derived independently (Python, pyca/cryptography) from SHA-256("alice").
        assertThat(TestKeys.of("alice").address()).hasToString("FPP21sbqhr2LPjSnJkw5NBetPubeFG4PsQFBxHj8noTq");
    }

    @Test
    void namesAndIndexesAreStableAndDistinct() {
        assertThat(TestKeys.of("bob")).isSameAs(TestKeys.of("bob"));
        assertThat(TestKeys.of(3).address()).isEqualTo(TestKeys.of("key-3").address());
        List<Keypair> many = TestKeys.of("node", 5);
        assertThat(many).hasSize(5);
        assertThat(many.get(4).address()).isEqualTo(TestKeys.of("node-4").address());
        var addresses = new HashSet<>();
        many.forEach(k -> addresses.add(k.address()));
        addresses.add(TestKeys.of("alice").address());
        addresses.add(TestKeys.of(0).address());
        assertThat(addresses).hasSize(7);
    }
}
