package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridmint job import}: the SDL import at the command line, on src/test/resources/sdl/gang.yaml. */
class JobImportCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String gang() {
        try {
            return Path.of(JobImportCommandTest.class.getResource("/sdl/gang.yaml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDryRunPrintsTheOrdersWorkloadsWarningsAndPriceRuleAsJson() {
        CliRun run = run("job", "import", gang(), "--dry-run", "--json", "--akt-usd", "3");

        assertThat(run.exit()).as(run.err()).isZero();
        // 1000 uakt per block at $3 per AKT = 3000 micro-USD per block; × 3600 / 6.117 s ÷ 4 GPUs = 441392.8
        String expected = """
                {"ok":true,"dry_run":true,"file":"gang.yaml",
                 "price_rule":"max price per GPU-hour (micro-CC) = floor(amount per block x micro-USD per unit x 3600 / 6.117 s per block (588.5 blocks/h) / GPUs per instance); 1 CC = 1 USD; uact, uusdc: 1 unit = 1 micro-USD; uakt: 1 unit = 3 micro-USD (AKT at $3)",
                 "orders":[{"id":1,"tenant":null,"service":"render","placement":"europe","gpu":{"any_of":["L40S-48GB"]},
                   "gpus_per_node":4,"nodes":2,"gang":true,"interconnect":"PCIE","min_cpu_cores":32,"min_ram_gb":256,
                   "min_disk_gb":1024,"regions":["eu-central"],"tier":"RESERVED","term":"open-ended",
                   "max_price_per_gpu_hour_micro_cc":441392,"max_price_per_gpu_hour":"0.441392 CC","sdl_price":"1000 uakt/block"}],
                 "workloads":[
                   {"order_id":1,"service":"render","placement":"europe","profile":"l40s-x4","count":2,
                    "image":"ghcr.io/example/renderer:3.1","command":["render-worker"],"args":[],
                    "env":[{"name":"QUEUE","value":"frames"}],
                    "expose":[{"port":7000,"as":7000,"proto":"tcp","global":false,"services":["monitor"]}],
                    "cpu_millis":32000,"memory_bytes":274877906944,"storage_bytes":1099511627776},
                   {"order_id":null,"service":"monitor","placement":"europe","profile":"tiny","count":1,
                    "image":"ghcr.io/example/monitor:1.0","command":[],"args":[],"env":[],
                    "expose":[{"port":9090,"as":80,"proto":"tcp","global":true,"services":[]}],
                    "cpu_millis":100,"memory_bytes":134217728,"storage_bytes":268435456}],
                 "warnings":[
                   {"code":"SDL_UNSUPPORTED_FIELD","path":"services.monitor.expose[0].accept",
                    "message":"custom hostnames are not supported: the port is reachable only at the provider's address"},
                   {"code":"SDL_NO_GPU","path":"deployment.monitor.europe",
                    "message":"the profile 'tiny' asks for no GPU and the market trades GPU nodes only, so this deployment gets no order; its workload is kept"}]}
                """;
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(expected));
        assertThat(run.out().strip()).doesNotContain("\n");
    }

    @Test
    void withoutAnAktPriceTheErrorNamesTheFlag() {
        CliRun run = run("job", "import", gang(), "--dry-run", "--json");
        assertThat(run.exit()).isEqualTo(2);
        var doc = Json.MAPPER.readTree(run.out());
        assertThat(doc.get("ok").asBoolean()).isFalse();
        // Only the GPU order's price is converted; the CPU-only sidecar's uakt price needs no AKT price.
        assertThat(doc.get("errors")).hasSize(1);
        assertThat(doc.get("errors").get(0).get("code").asString()).isEqualTo("SDL_AKT_PRICE_REQUIRED");
        assertThat(doc.get("errors").get(0).get("path").asString()).isEqualTo("profiles.placement.europe.pricing.l40s-x4.denom");
        assertThat(doc.get("errors").get(0).get("message").asString()).contains("--akt-usd");
    }

    @Test
    void submittingIsRefusedWithAStableCodeUntilTheMarketIsWired() {
        CliRun json = run("job", "import", gang(), "--json", "--akt-usd", "3");
        assertThat(json.exit()).isEqualTo(3);
        var doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.get("ok").asBoolean()).isFalse();
        assertThat(doc.get("errors").get(0).get("code").asString()).isEqualTo("CONTAINERS_NOT_SUPPORTED");
        assertThat(doc.get("orders")).hasSize(1);

        CliRun human = run("job", "import", gang(), "--akt-usd", "3");
        assertThat(human.exit()).isEqualTo(3);
        assertThat(human.err()).contains("CONTAINERS_NOT_SUPPORTED").contains("--dry-run");
    }

    @Test
    void theHumanTableShowsTheGangAndThePriceRule() {
        CliRun run = run("job", "import", gang(), "--dry-run", "--akt-usd", "3", "--block-seconds", "6");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 order from 2 deployments (dry run, nothing submitted)")
                .containsPattern("1\\s+render\\s+europe\\s+2\\s+4\\s+L40S-48GB\\s+PCIE\\s+32\\s+256\\s+1024\\s+eu-central\\s+0\\.450000")
                .contains("(no GPU: no order)")
                .contains("6 s per block (600.0 blocks/h)")
                .contains("SDL_UNSUPPORTED_FIELD at services.monitor.expose[0].accept");
    }

    @Test
    void badInputIsACodedErrorBeforeAnyParsing(@TempDir Path dir) throws IOException {
        Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(256 * 1024 + 1));
        assertThat(run("job", "import", big.toString(), "--dry-run").err()).contains("SDL_TOO_LARGE");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9});
        assertThat(run("job", "import", latin1.toString(), "--dry-run").err()).contains("SDL_BAD_ENCODING");
        assertThat(run("job", "import", dir.resolve("missing.yaml").toString(), "--dry-run").err()).contains("SDL_FILE_NOT_FOUND");
        CliRun badBlock = run("job", "import", gang(), "--dry-run", "--block-seconds", "0.01");
        assertThat(badBlock.exit()).isEqualTo(2);
        assertThat(badBlock.err()).contains("BAD_PRICE_OPTION").contains("block time");
    }

    @Test
    void helpHasAnExampleAndTheOptions() {
        CliRun run = run("job", "import", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Example: gridmint job import deploy.yaml --dry-run --json")
                .contains("--dry-run").contains("--json").contains("--akt-usd").contains("--block-seconds").contains("--usdc-denom");
    }
}
