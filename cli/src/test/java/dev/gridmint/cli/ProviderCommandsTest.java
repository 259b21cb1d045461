package dev.gridmint.cli;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code gridmint provider init} and {@code provider status}: the owner's first two commands. */
class ProviderCommandsTest {

    @TempDir
    Path dir;

    @Test
    void initWritesAKeySettingsAndAUnitThatTheAgentCanRunFrom() throws Exception {
        Path home = dir.resolve("provider");

        CliRun init = CliRun.of("provider", "init", "--yes", "--json", "--dir", home.toString(), "--coordinator", "http://10.0.0.5:7070",
                "--region", "eu-west", "--price", "0.85", "--stake", "250");

        assertThat(init.exit()).as(init.err()).isZero();
        JsonNode written = Json.MAPPER.readTree(init.out());
        Path config = Path.of(written.path("config").asString());
        ProviderConfigFile settings = ProviderConfigFile.read(config);
        assertThat(settings.coordinator()).isEqualTo("http://10.0.0.5:7070");
        assertThat(settings.region()).isEqualTo("eu-west");
        assertThat(settings.price()).isEqualTo(850_000);
        assertThat(settings.stake()).isEqualTo(250 * GRID);
        assertThat(settings.modelPrices()).containsEntry(written.path("device_model").asString(), 850_000L);
        Path key = settings.keyPath(config);
        assertThat(KeypairFile.read(key).address().toString()).isEqualTo(written.path("address").asString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(settings.dataPath(config)).isDirectory();
        assertThat(Files.readString(Path.of(written.path("systemd_unit").asString())))
                .contains("ExecStart=").contains("provider --config " + config.toAbsolutePath());
    }

    @Test
    void initNeverOverwritesAndRefusesBadAmountsAndNeedsATerminalToAsk() {
        Path home = dir.resolve("provider");
        assertThat(CliRun.of("provider", "init", "--yes", "--dir", home.toString()).exit()).isZero();

        CliRun again = CliRun.of("provider", "init", "--yes", "--dir", home.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");

        CliRun badPrice = CliRun.of("provider", "init", "--yes", "--dir", dir.resolve("other").toString(), "--price", "0.1234567");
        assertThat(badPrice.exit()).isEqualTo(2);
        assertThat(dir.resolve("other").resolve(ProviderConfigFile.FILE_NAME)).doesNotExist();
        assertThat(CliRun.of("provider", "init", "--yes", "--dir", dir.resolve("free").toString(), "--price", "0").err())
                .contains("more than 0");

        CliRun noTerminal = CliRun.of("provider", "init", "--dir", dir.resolve("asked").toString());
        assertThat(noTerminal.exit()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("--yes");
    }

    @Test
    void aUsageIntervalTooShortToBillOnIsRefusedBeforeTheAgentStarts() {
        Path home = dir.resolve("provider");
        assertThat(CliRun.of("provider", "init", "--yes", "--dir", home.toString()).exit()).isZero();

        CliRun run = CliRun.of("provider", "--config", home.resolve(ProviderConfigFile.FILE_NAME).toString(), "--usage-interval", "0");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("usage interval is at least 100 ms");
    }

    @Test
    void aBrokenSettingsFileIsAClearErrorNamingIt() throws Exception {
        Path config = dir.resolve(ProviderConfigFile.FILE_NAME);
        Files.writeString(config, "{\"coordinator\": \"http://x\", \"surprise\": 1}");

        CliRun run = CliRun.of("provider", "status", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(config.toString()).contains("surprise");
    }

    @Test
    void statusShowsTheOfferStakeAndOnlineStateFromTheCoordinator() throws Exception {
        try (TestNetwork network = TestNetwork.start(dir.resolve("net"))) {
            network.submit("p1", new RegisterProvider(
                    new HardwareOffer(DeviceClass.GPU, "NVIDIA L4", 2, 23_034, 16, 65_536, "eu-west", 2 * GRID)));
            Path key = dir.resolve("p1.json");
            KeypairFile.write(key, TestNetwork.key("p1"));

            CliRun status = CliRun.of("provider", "status", "--key", key.toString(), "--coordinator", network.url(), "--json");

            assertThat(status.exit()).as(status.err()).isZero();
            JsonNode json = Json.MAPPER.readTree(status.out());
            assertThat(json.path("address").asString()).isEqualTo(TestNetwork.address("p1").toString());
            assertThat(json.path("registered").asBoolean()).isTrue();
            assertThat(json.path("device_model").asString()).isEqualTo("NVIDIA L4");
            assertThat(json.path("device_count").asInt()).isEqualTo(2);
            assertThat(json.path("online").asBoolean()).isFalse();
            assertThat(json.path("sybil_flags").isArray()).isTrue();

            KeypairFile.write(dir.resolve("nobody.json"), TestNetwork.key("nobody"));
            CliRun text = CliRun.of("provider", "status", "--key", dir.resolve("nobody.json").toString(), "--coordinator", network.url());
            assertThat(text.exit()).isZero();
            assertThat(text.out()).contains("Not registered");
        }
    }
}
