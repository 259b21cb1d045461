package dev.gridmint.node.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.acceptance.dsl.TestNetwork;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator serves the web console, built by Maven from node/src/main/console, next to its API. */
class ConsoleAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void theRootServesTheConsoleAndItsAssetsWhileTheApiStaysJson() {
        try (var network = TestNetwork.start(dir)) {
            var index = network.http().get("/");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.body()).contains("<div id=\"app\"></div>");

            var script = Pattern.compile("src=\"\\./(assets/[^\"]+\\.js)\"").matcher(index.body());
            assertThat(script.find()).as("index.html loads its bundle: %s", index.body()).isTrue();
            var bundle = network.http().get("/" + script.group(1));
            assertThat(bundle.status()).isEqualTo(200);
            assertThat(bundle.body()).contains("/v1/events");

            assertThat(network.http().get("/v1/ledger").body()).startsWith("{");
            assertThat(network.http().get("/no-such-page").status()).isEqualTo(404);
        }
    }
}
