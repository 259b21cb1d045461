package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.json.Json;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.tune.SearchSpace;
import dev.gridmint.sim.tune.TunedParam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code gridmint sim tune} writes a genesis parameter file and {@code gridmint genesis --params} reads it: the ledger
 * accepts the tuned settings, and a malformed file is refused with the line named and no genesis written.
 */
class GenesisParamsTest {

    @TempDir
    Path dir;

    private Path key;
    private String address;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeEach
    void founder() throws IOException {
        Keypair founder = Keypair.generate(new SplittableRandom(42));
        key = dir.resolve("founder.json");
        KeypairFile.write(key, founder);
        address = founder.address().toString();
    }

    private CliRun genesis(Path params, Path out, String... extra) {
        var args = new ArrayList<>(List.of("genesis", "--key", key.toString(), "--network", "gridmint-test-1", "--treasury",
                address, "--coordinator-address", address, "--council", address, "--genesis-time", "1700000000",
                "--params", params.toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private static NetworkParams paramsIn(Path genesisFile) throws IOException {
        return ((Genesis) GenesisFile.read(genesisFile).transaction().payload()).params();
    }

    @Test
    void theTunedFileRoundTripsIntoAGenesisThatCarriesTheTunedValues() throws IOException {
        Path file = dir.resolve("tuned.properties");
        CliRun tune = run("sim", "tune", "--scenarios", "neutral", "--controls", "none", "--runs", "1", "--years", "1",
                "--evaluations", "4", "--threads", "1", "--out", file.toString(), "--json");
        assertThat(tune.exit()).as(tune.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(tune.out());
        assertThat(report.get("evaluations").asInt()).isEqualTo(5);
        assertThat(report.get("tuned_score").get("total").asDouble())
                .isGreaterThanOrEqualTo(report.get("default_score").get("total").asDouble());

        Path out = dir.resolve("genesis.json");
        CliRun genesis = genesis(file, out);
        assertThat(genesis.exit()).as(genesis.err()).isZero();
        NetworkParams params = paramsIn(out);
        EconomyParams economy = EconomyParams.of(params);
        SearchSpace space = SearchSpace.ISSUE_10;
        for (int i = 0; i < space.dimensions(); i++) {
            TunedParam p = space.params().get(i);
            JsonNode row = report.get("params").get(i);
            assertThat(row.get("name").asString()).isEqualTo(p.name());
            assertThat(p.fileValue(p.get().apply(economy))).as(p.name()).isEqualTo(row.get("tuned").asString());
        }
        // Everything the tuner does not search is the defaults'.
        assertThat(economy).isEqualTo(space.apply(EconomyParams.DEFAULTS, space.valuesOf(economy)));
    }

    @Test
    void aHandWrittenFileSetsEveryTunedParameter() throws IOException {
        Path file = dir.resolve("hand.properties");
        Files.writeString(file, """
                # tuned by hand

                emission.providerDecayBps=7000
                credits.protocolFeeBps = 300
                credits.spreadBps=40
                emission.workShareBps=9000
                staking.gpuStakeUnit=2500.5
                emission.netEmissionCapBps=50
                """);
        Path out = dir.resolve("genesis.json");
        CliRun genesis = genesis(file, out, "--json");
        assertThat(genesis.exit()).as(genesis.err()).isZero();
        EconomyParams economy = EconomyParams.of(paramsIn(out));
        assertThat(SearchSpace.ISSUE_10.valuesOf(economy)).containsExactly(7_000L, 300L, 40L, 9_000L, 2_500_500_000L, 50L);
        assertThat(Json.MAPPER.readTree(genesis.out()).get("params_changed").size()).isEqualTo(6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo.bar=1                     | line 3: unknown parameter 'foo.bar'",
        "credits.spreadBps=9000        | line 3 (credits.spreadBps): credit spread must be 0..5000, got 9000",
        "credits.spreadBps=2x          | line 3 (credits.spreadBps): not a whole number: 2x",
        "staking.gpuStakeUnit=1.0000001 | line 3 (staking.gpuStakeUnit): not an amount of GRID with at most 6 decimals",
        "emission.workShareBps         | line 3: expected name=value",
        "emission.providerDecayBps=7000 | line 3: emission.providerDecayBps is given twice",
    })
    void aMalformedFileIsRefusedWithItsLineAndWritesNoGenesis(String badLine, String message) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "# tuned\nemission.providerDecayBps=6500\n" + badLine + "\ncredits.protocolFeeBps=400\n");
        Path out = dir.resolve("genesis.json");
        CliRun genesis = genesis(file, out);
        assertThat(genesis.exit()).isEqualTo(2);
        assertThat(genesis.err()).contains("error: " + file + " " + message);
        assertThat(out).doesNotExist();
    }

    @Test
    void aParameterSetByBothAnOptionAndTheFileIsRefused() throws IOException {
        Path file = dir.resolve("fee.properties");
        Files.writeString(file, "credits.protocolFeeBps=300\n");
        Path out = dir.resolve("genesis.json");
        CliRun genesis = genesis(file, out, "--fee-bps", "400");
        assertThat(genesis.exit()).isEqualTo(2);
        assertThat(genesis.err()).contains("--fee-bps and").contains("both set credits.protocolFeeBps");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingFileIsAUserError() {
        Path out = dir.resolve("genesis.json");
        CliRun genesis = genesis(dir.resolve("nope.properties"), out);
        assertThat(genesis.exit()).isEqualTo(2);
        assertThat(genesis.err()).contains("no parameter file at");
        assertThat(out).doesNotExist();
    }

    @Test
    void everyTunedNameIsAGovernanceNameThatSetsTheSameField() {
        NetworkParams defaults = NetworkParams.defaults(List.of(Keypair.generate(new SplittableRandom(1)).address()), List.of());
        SearchSpace space = SearchSpace.ISSUE_10;
        List<Long> values = List.of(7_000L, 300L, 40L, 9_000L, 2_500_500_000L, 50L);
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < space.dimensions(); i++) {
            TunedParam p = space.params().get(i);
            assertThat(ParamOverrides.KNOWN).as(p.name()).containsKey(p.name());
            settings.add(p.name() + "=" + p.fileValue(values.get(i)));
        }
        NetworkParams viaSet = ParamOverrides.apply(defaults, settings);
        assertThat(EconomyParams.of(viaSet)).isEqualTo(space.apply(EconomyParams.of(defaults), values));
    }

    @Test
    void tuneAndGenesisHaveHelpJsonAndAnExample() {
        for (String path : List.of("sim tune", "genesis")) {
            CommandLine command = new CommandLine(new GridmintCommand());
            for (String name : path.split(" ")) {
                command = command.getSubcommands().get(name);
            }
            var spec = command.getCommandSpec();
            assertThat(spec.mixinStandardHelpOptions()).as(path).isTrue();
            assertThat(spec.findOption("--json")).as(path).isNotNull();
            assertThat(String.join(" ", spec.usageMessage().description())).as(path).contains("Example: gridmint");
            CliRun help = run((path + " --help").split(" "));
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: gridmint " + path);
        }
    }

    @Test
    void simRunReadsTheSameFileAndRefusesABadOne() throws IOException {
        Path good = dir.resolve("good.properties");
        Files.writeString(good, "emission.providerDecayBps=7000\n");
        CliRun run = run("sim", "run", "--scenario", "neutral", "--runs", "1", "--years", "1", "--threads", "1",
                "--params", good.toString(), "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).get("scenario").asString()).isEqualTo("neutral");
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "emission.providerDecayBps=70000\n");
        CliRun refused = run("sim", "run", "--scenario", "neutral", "--runs", "1", "--years", "1", "--params", bad.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains(bad + " line 1 (emission.providerDecayBps): provider decay must be 0..10000");
    }

    @Test
    void badTuneOptionsAreUserErrors() {
        assertThat(run("sim", "tune", "--scenarios", "bera").err()).contains("unknown scenario 'bera'");
        assertThat(run("sim", "tune", "--scenarios", "bear", "--controls", "bear").err()).contains("both in --scenarios");
        assertThat(run("sim", "tune", "--runs", "0").exit()).isEqualTo(2);
        assertThat(run("sim", "tune", "--evaluations", "-1").exit()).isEqualTo(2);
    }
}
