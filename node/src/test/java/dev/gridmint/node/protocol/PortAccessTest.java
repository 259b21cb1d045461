package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import org.junit.jupiter.api.Test;

class PortAccessTest {

    private static final Keypair ALICE = TestKeys.of("alice");
    private static final Hash JOB = Hash.sha256(new byte[] {1});
    private static final Hash OTHER_JOB = Hash.sha256(new byte[] {2});

    @Test
    void aPassRoundTripsThroughItsTextAndIsGoodForItsJobAndPortOnly() {
        PortAccess pass = PortAccess.sign(ALICE, "net", JOB, 8080, 1_000);

        PortAccess parsed = PortAccess.parse(pass.text()).orElseThrow();

        assertThat(parsed.tenant()).isEqualTo(ALICE.address());
        assertThat(parsed.expires()).isEqualTo(1_000);
        assertThat(parsed.signedFor("net", JOB, 8080)).isTrue();
        assertThat(parsed.signedFor("net", JOB, 8081)).isFalse();
        assertThat(parsed.signedFor("net", OTHER_JOB, 8080)).isFalse();
        assertThat(parsed.signedFor("other-net", JOB, 8080)).isFalse();
        assertThat(pass.text()).doesNotContain("+", "/", "=");
    }

    @Test
    void aLaterExpiryWrittenIntoThePassBreaksItsSignature() {
        String text = PortAccess.sign(ALICE, "net", JOB, 8080, 1_000).text();
        String extended = text.replace(".1000.", ".9000.");

        assertThat(PortAccess.parse(extended).orElseThrow().signedFor("net", JOB, 8080)).isFalse();
    }

    @Test
    void anythingElseIsNotAPass() {
        String good = PortAccess.sign(ALICE, "net", JOB, 8080, 1_000).text();

        assertThat(PortAccess.parse(null)).isEmpty();
        assertThat(PortAccess.parse("")).isEmpty();
        assertThat(PortAccess.parse("a.b")).isEmpty();
        assertThat(PortAccess.parse(good + ".extra")).isEmpty();
        assertThat(PortAccess.parse(good.replaceFirst("\\.1000\\.", ".soon."))).isEmpty();
        assertThat(PortAccess.parse("0OIl" + good.substring(4))).isEmpty();
        assertThat(PortAccess.parse(good + "!")).isEmpty();
        assertThat(PortAccess.parse("x".repeat(500))).isEmpty();
    }
}
