package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.ProviderView;
import dev.gridmint.node.protocol.SignedPass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider measures its link to the coordinator (a timed transfer each way through the probe
 * endpoint) and its data directory's disk, signs them in its hardware report, and the coordinator
 * shows them in the provider's view and its market offer. The probe serves only registered
 * providers with a fresh signed pass, and not twice in a row.
 */
class LinkMeasurementAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aProvidersMeasuredBandwidthAndDiskReachItsViewAndOffer() {
        try (var network = TestNetwork.start(dir)) {
            var provider = network.provider("p1");
            provider.start(1 * CC);

            ProviderView view = Eventually.await("the provider's measurements", Duration.ofSeconds(60),
                    () -> network.client().providers().stream().filter(p -> p.address().equals(provider.address().toString()))
                            .findFirst().orElseThrow(), p -> p.downMbps() > 0 && p.upMbps() > 0);

            assertThat(view.diskTotalGb()).isPositive().isGreaterThanOrEqualTo(view.diskFreeGb());
            assertThat(network.http().get("/v1/market/offers").body()).contains("\"downMbps\":" + view.downMbps());
        }
    }

    @Test
    void theProbeServesOnlyARegisteredProviderWithAFreshPassOnceAWhile() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            var provider = network.provider("p1");
            provider.start(1 * CC);
            String networkId = network.client().ledger().networkId();
            Eventually.await("the provider's own probe", Duration.ofSeconds(60), () -> network.client().providers().stream()
                    .anyMatch(p -> p.address().equals(provider.address().toString()) && p.downMbps() > 0));

            assertThat(probe(network, null)).isEqualTo(401);
            Keypair stranger = Keypair.generate(new Random(5));
            assertThat(probe(network, SignedPass.sign(SignedPass.Purpose.LINK_PROBE, stranger, networkId, System.currentTimeMillis() + 30_000).text())).isEqualTo(403);
            assertThat(probe(network, SignedPass.sign(SignedPass.Purpose.LINK_PROBE, stranger, networkId, System.currentTimeMillis() - 1).text())).isEqualTo(401);
            String pass = SignedPass.sign(SignedPass.Purpose.LINK_PROBE, TestNetwork.key("p1"), networkId, System.currentTimeMillis() + 30_000).text();
            assertThat(probe(network, pass)).as("the agent probed a moment ago").isEqualTo(429);
        }
    }

    private static int probe(TestNetwork network, String pass) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(network.url() + "/v1/agent/bandwidth?bytes=1024")).GET();
        if (pass != null) {
            request.header(SignedPass.Purpose.LINK_PROBE.header(), pass);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
