package dev.gridmint.node.protocol;

import static dev.gridmint.node.protocol.SignedPass.Purpose.EVIDENCE;
import static dev.gridmint.node.protocol.SignedPass.Purpose.LINK_PROBE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignedPassTest {

    private static final Keypair SIGNER = Keypair.generate(new Random(11));
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aFreshPassOfItsSignerIsGoodOnItsNetworkOnly() {
        SignedPass pass = SignedPass.parse(LINK_PROBE, SignedPass.sign(LINK_PROBE, SIGNER, "net", NOW + 30_000).text()).orElseThrow();

        assertThat(pass.signer()).isEqualTo(SIGNER.address());
        assertThat(pass.problem("net", NOW)).isEmpty();
        assertThat(pass.problem("other-net", NOW)).hasValueSatisfying(p -> assertThat(p).contains("not signed"));
    }

    @Test
    void aPassIsGoodForItsOwnPurposeOnly() {
        String text = SignedPass.sign(LINK_PROBE, SIGNER, "net", NOW + 30_000).text();

        assertThat(SignedPass.parse(EVIDENCE, text).orElseThrow().problem("net", NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("not signed"));
        assertThat(EVIDENCE.header()).isNotEqualTo(LINK_PROBE.header());
    }

    @Test
    void anExpiredOrTooLongPassIsRefused() {
        assertThat(SignedPass.sign(EVIDENCE, SIGNER, "net", NOW - 1).problem("net", NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("expired"));
        assertThat(SignedPass.sign(EVIDENCE, SIGNER, "net", NOW + SignedPass.MAX_LIFETIME_MILLIS + 1).problem("net", NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("at most"));
    }

    @Test
    void aPassWithAnotherExpiryOrMalformedTextIsRefused() {
        SignedPass pass = SignedPass.sign(LINK_PROBE, SIGNER, "net", NOW + 30_000);
        var extended = new SignedPass(LINK_PROBE, pass.signer(), NOW + 50_000, pass.signature());

        assertThat(extended.problem("net", NOW)).isPresent();
        assertThat(SignedPass.parse(LINK_PROBE, "nonsense")).isEmpty();
        assertThat(SignedPass.parse(LINK_PROBE, null)).isEmpty();
        assertThat(SignedPass.parse(LINK_PROBE, SIGNER.address() + ".x.AAAA")).isEmpty();
    }
}
