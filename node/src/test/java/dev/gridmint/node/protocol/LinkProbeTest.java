package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkProbeTest {

    private static final Keypair PROVIDER = Keypair.generate(new Random(11));
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aFreshPassOfItsProviderIsGoodOnItsNetworkOnly() {
        LinkProbe pass = LinkProbe.parse(LinkProbe.sign(PROVIDER, "net", NOW + 30_000).text()).orElseThrow();

        assertThat(pass.provider()).isEqualTo(PROVIDER.address());
        assertThat(pass.problem("net", NOW)).isEmpty();
        assertThat(pass.problem("other-net", NOW)).hasValueSatisfying(p -> assertThat(p).contains("not signed"));
    }

    @Test
    void anExpiredOrTooLongPassIsRefused() {
        assertThat(LinkProbe.sign(PROVIDER, "net", NOW - 1).problem("net", NOW)).hasValueSatisfying(p -> assertThat(p).contains("expired"));
        assertThat(LinkProbe.sign(PROVIDER, "net", NOW + LinkProbe.MAX_LIFETIME_MILLIS + 1).problem("net", NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("at most"));
    }

    @Test
    void aPassWithAnotherExpiryOrMalformedTextIsRefused() {
        LinkProbe pass = LinkProbe.sign(PROVIDER, "net", NOW + 30_000);
        var extended = new LinkProbe(pass.provider(), NOW + 50_000, pass.signature());

        assertThat(extended.problem("net", NOW)).isPresent();
        assertThat(LinkProbe.parse("nonsense")).isEmpty();
        assertThat(LinkProbe.parse(null)).isEmpty();
        assertThat(LinkProbe.parse(PROVIDER.address() + ".x.AAAA")).isEmpty();
    }
}
