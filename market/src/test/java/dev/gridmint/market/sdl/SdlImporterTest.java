package dev.gridmint.market.sdl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.market.offer.Interconnect;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.NodeMinimums;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.RegionRule;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.order.Tier;
import dev.gridmint.market.sdl.SdlImport.Imported;
import dev.gridmint.market.sdl.SdlImport.Rejected;
import dev.gridmint.market.sdl.Workload.EnvVar;
import dev.gridmint.market.sdl.Workload.Expose;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The Akash SDL import on SDL files written for these tests (src/test/resources/sdl). */
class SdlImporterTest {

    static final Address TENANT = new Address(filled((byte) 7));
    static final ImportOptions USD_ONLY = new ImportOptions(TENANT, 1, PriceRule.defaults());

    // ---- files that import ----

    @Test
    void aSingleGpuInferenceServiceBecomesOneSingleNodeOrder() {
        Imported imported = imported(importFile("inference-single-gpu.yaml", USD_ONLY));

        // 1700 uusdc per block × 3600 / 6.117 s per block ÷ 1 GPU = 1000490.4 → 1000490 micro-CC per GPU-hour.
        assertThat(imported.orders()).containsExactly(new Order(1, TENANT, GpuRequirement.AnyOf.of("A100-80GB"), 1, 1,
                new NodeMinimums(Interconnect.PCIE, 8, 48, 120, 0), RegionRule.only("us-west"), 0, 1_000_490,
                new Term.OpenEnded(), Tier.RESERVED, false));
        assertThat(imported.deployments()).singleElement().satisfies(d -> {
            assertThat(d.price()).isEqualTo("1700 uusdc/block");
            assertThat(d.workload()).isEqualTo(new Workload("llm", "west", "llm-gpu", 1, "ghcr.io/example/llm-server:1.4.2",
                    List.of("/bin/serve"), List.of("--model", "tiny-chat-7b", "--port=8000"),
                    List.of(new EnvVar("MODEL_DIR", "/models"), new EnvVar("MAX_BATCH", "16")),
                    List.of(new Expose(8000, 80, "tcp", true, List.of())), 8000, 48L << 30, 120L << 30));
        });
        assertThat(imported.warnings()).isEmpty();
        assertThat(imported.priceRule()).contains("6.117 s per block (588.5 blocks/h)").contains("uusdc").contains("needs an AKT price");
    }

    @Test
    void theBlockTimeIsAnOption() {
        var sixSeconds = new ImportOptions(TENANT, 1, new PriceRule(new BigDecimal("6"), Optional.empty(), Set.of()));
        Imported imported = imported(importFile("inference-single-gpu.yaml", sixSeconds));
        assertThat(imported.orders().getFirst().maxPricePerGpuHour()).isEqualTo(1700L * 600);
        assertThat(imported.priceRule()).contains("6 s per block (600.0 blocks/h)");
    }

    @Test
    void aMultiServiceDeploymentWithAGangOfFourEightGpuNodes() {
        Imported imported = imported(importFile("training-gang.yaml", new ImportOptions(TENANT, 100, PriceRule.defaults())));

        RegionRule usDc = RegionRule.only("us-east", "us-central");
        long twoTiPlus500Gb = (2L << 40) + 500_000_000_000L;
        assertThat(imported.orders()).containsExactly(
                // 20000 uusdc per block for 8 GPUs: 20000 × 3600 / 6.117 / 8 = 1471309.5
                new Order(100, TENANT, GpuRequirement.AnyOf.of("H100-80GB"), 8, 4,
                        new NodeMinimums(Interconnect.NVLINK, 96, 1536, Quantities.gibCeil(twoTiPlus500Gb), 0), usDc, 0, 1_471_309,
                        new Term.OpenEnded(), Tier.RESERVED, false),
                // 2500.5 uact (micro-USD) per block for 1 GPU; 0.5 CPU and 8 GB (7.45 GiB) round up
                new Order(101, TENANT, GpuRequirement.AnyOf.of("A100-40GB", "A100-80GB", "H100-80GB"), 1, 2,
                        new NodeMinimums(Interconnect.PCIE, 1, 8, 20, 0), usDc, 0, 1_471_603, new Term.OpenEnded(), Tier.RESERVED, false));
        assertThat(Quantities.gibCeil(twoTiPlus500Gb)).isEqualTo(2514);

        assertThat(imported.deployments()).extracting(d -> d.workload().service(), d -> d.order().map(Order::id))
                .containsExactly(tuple("trainer", Optional.of(100L)), tuple("dashboard", Optional.empty()),
                        tuple("tokenizer", Optional.of(101L)));
        assertThat(imported.deployments().get(0).workload().expose()).containsExactly(
                new Expose(29500, 29500, "tcp", false, List.of("trainer")), new Expose(6006, 6006, "tcp", false, List.of("dashboard")));
        assertThat(imported.deployments().get(2).workload().expose()).containsExactly(
                new Expose(9000, 9000, "udp", false, List.of("trainer")));
        assertThat(imported.deployments().get(1).workload().cpuMillis()).isEqualTo(500);
        assertThat(codesAndPaths(imported.warnings())).containsExactly(tuple(SdlCode.SDL_NO_GPU, "deployment.dashboard.us-dc"));
    }

    @Test
    void aCpuOnlyServiceKeepsItsWorkloadGetsNoOrderAndSaysSo() {
        Imported imported = imported(importFile("cpu-only.yaml", USD_ONLY));
        assertThat(imported.orders()).isEmpty();
        assertThat(imported.deployments()).singleElement().satisfies(d -> {
            assertThat(d.order()).isEmpty();
            assertThat(d.workload().image()).isEqualTo("nginx:1.27");
            assertThat(d.workload().count()).isEqualTo(3);
            assertThat(d.workload().memoryBytes()).isEqualTo(256L << 20);
        });
        assertThat(imported.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(SdlCode.SDL_NO_GPU);
            assertThat(w.path()).isEqualTo("deployment.web.anywhere");
            assertThat(w.message()).contains("no order");
        });
    }

    @Test
    void uaktPricesNeedAnAktPriceAndThenConvertAtIt() {
        Rejected rejected = rejected(importFile("akt-priced.yaml", USD_ONLY));
        assertThat(codesAndPaths(rejected.errors()))
                .containsExactly(tuple(SdlCode.SDL_AKT_PRICE_REQUIRED, "profiles.placement.eu.pricing.tune.denom"));
        assertThat(rejected.errors().getFirst().message()).contains("--akt-usd");

        var at250 = new ImportOptions(TENANT, 1, new PriceRule(PriceRule.DEFAULT_BLOCK_SECONDS, Optional.of(new BigDecimal("2.5")), Set.of()));
        Imported imported = imported(importFile("akt-priced.yaml", at250));
        // 500 uakt × $2.5 per AKT = 1250 micro-USD per block, × 3600 / 6.117 / 2 GPUs = 367827.4
        assertThat(imported.orders()).containsExactly(new Order(1, TENANT, new GpuRequirement.AtLeast(24, 0), 2, 1,
                new NodeMinimums(Interconnect.PCIE, 4, 16, 50, 0), RegionRule.only("eu-west"), 0, 367_827,
                new Term.OpenEnded(), Tier.RESERVED, false));
        assertThat(imported.priceRule()).contains("uakt: 1 unit = 2.5 micro-USD");
    }

    @Test
    void anIbcDenomIsUsdcOnlyWhenTheUserSaysSo() {
        String denom = "ibc/" + "AB12".repeat(16);
        String text = resource("inference-single-gpu.yaml").replace("denom: uusdc", "denom: " + denom);
        Rejected rejected = rejected(SdlImporter.importSdl(text, USD_ONLY));
        assertThat(codesAndPaths(rejected.errors()))
                .containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_DENOM, "profiles.placement.west.pricing.llm-gpu.denom"));

        var vouched = new ImportOptions(TENANT, 1, new PriceRule(PriceRule.DEFAULT_BLOCK_SECONDS, Optional.empty(), Set.of(denom)));
        assertThat(imported(SdlImporter.importSdl(text, vouched)).orders().getFirst().maxPricePerGpuHour()).isEqualTo(1_000_490);
    }

    @Test
    void unsupportedFeaturesAreWarningsWithTheirPathsAndTheOrderStillComes() {
        Imported imported = imported(importFile("unsupported-fields.yaml", USD_ONLY));
        assertThat(codesAndPaths(imported.warnings())).containsExactlyInAnyOrder(
                warning("endpoints"),
                warning("services.app.credentials"),
                warning("services.app.params"),
                warning("services.app.expose[0].accept"),
                warning("services.app.expose[0].http_options"),
                warning("services.app.expose[0].to[0].ip"),
                warning("profiles.compute.app.resources.cpu.attributes"),
                warning("profiles.compute.app.resources.storage[1].attributes.persistent"),
                warning("profiles.compute.app.resources.storage[1].attributes.class"),
                warning("profiles.compute.app.resources.storage[2].attributes.class"),
                warning("profiles.placement.community.signedBy"),
                warning("profiles.placement.community.attributes.host"),
                warning("profiles.placement.community.attributes.tier"));
        assertThat(imported.warnings()).filteredOn(w -> w.path().endsWith("persistent")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("does not outlive the lease"));
        // The three volumes add up to the node's disk: 10 + 40 + 1 GiB.
        assertThat(imported.orders()).containsExactly(new Order(1, TENANT, GpuRequirement.AnyOf.of("RTX4090-24GB"), 1, 1,
                new NodeMinimums(Interconnect.PCIE, 2, 4, 51, 0), RegionRule.ANYWHERE, 0, 235_409,
                new Term.OpenEnded(), Tier.RESERVED, false));
        assertThat(imported.deployments().getFirst().workload().expose()).containsExactly(new Expose(8080, 80, "tcp", true, List.of()));
    }

    // ---- files that do not ----

    @Test
    void anUnknownKeyIsAnErrorAtItsPath() {
        assertThat(errors("invalid/unknown-key.yaml")).containsExactly(tuple(SdlCode.SDL_UNKNOWN_KEY, "services.web.ports"));
    }

    @Test
    void badQuantitiesAreErrorsAtTheirPaths() {
        assertThat(errors("invalid/bad-quantity.yaml")).containsExactly(
                tuple(SdlCode.SDL_BAD_QUANTITY, "profiles.compute.gpu-small.resources.cpu.units"),
                tuple(SdlCode.SDL_BAD_QUANTITY, "profiles.compute.gpu-small.resources.memory.size"));
    }

    @Test
    void aProfileReferencedButNotDefinedIsAnError() {
        assertThat(errors("invalid/undefined-profile.yaml"))
                .containsExactly(tuple(SdlCode.SDL_UNDEFINED_REFERENCE, "deployment.web.dc.profile"));
    }

    @Test
    void countZeroIsAnError() {
        assertThat(errors("invalid/count-zero.yaml")).containsExactly(tuple(SdlCode.SDL_BAD_COUNT, "deployment.web.dc.count"));
    }

    @Test
    void aDuplicateKeyIsAnErrorNotTheLastValueWinning() {
        assertThat(errors("invalid/duplicate-key.yaml")).containsExactly(tuple(SdlCode.SDL_DUPLICATE_KEY, "services.web.image"));
    }

    @Test
    void anAliasBombFailsOnItsFirstAnchorWithoutExpandingAnything() {
        assertThat(errors("invalid/alias-bomb.yaml")).containsExactly(tuple(SdlCode.SDL_YAML_ALIAS, "a"));
    }

    @Test
    void anOversizeFileIsRefusedBeforeParsing() {
        String big = resource("inference-single-gpu.yaml") + ("# padding " + "x".repeat(90) + "\n").repeat(2700);
        assertThat(big.length()).isGreaterThan(256 * 1024);
        assertThat(codesAndPaths(rejected(SdlImporter.importSdl(big, USD_ONLY)).errors()))
                .containsExactly(tuple(SdlCode.SDL_TOO_LARGE, ""));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "version: \"2.0\"\nservices: " + "[".repeat(40) + "]".repeat(40) + "\n";
        assertThat(codesAndPaths(rejected(SdlImporter.importSdl(deep, USD_ONLY)).errors()))
                .extracting(t -> t.toList().getFirst()).containsExactly(SdlCode.SDL_LIMIT_EXCEEDED);
    }

    @Test
    void variantsOfTheInferenceFileThatMustFail() {
        assertThat(variant("version: \"2.0\"", "version: \"3.0\"")).containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_VERSION, "version"));
        assertThat(variant("model: a100", "model: b300"))
                .containsExactly(tuple(SdlCode.SDL_UNKNOWN_GPU_MODEL, "profiles.compute.llm-gpu.resources.gpu.attributes.vendor.nvidia[0].model"));
        assertThat(variant("ram: 80Gi", "ram: 48Gi"))
                .containsExactly(tuple(SdlCode.SDL_UNKNOWN_GPU_MODEL, "profiles.compute.llm-gpu.resources.gpu.attributes.vendor.nvidia[0].model"));
        assertThat(variant("              nvidia:", "              amd:"))
                .containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_FEATURE, "profiles.compute.llm-gpu.resources.gpu.attributes.vendor.amd"));
        assertThat(variant("region: us-west", "country: DE"))
                .containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_FEATURE, "profiles.placement.west.attributes.country"));
        assertThat(variant("region: us-west", "region: []"))
                .containsExactly(tuple(SdlCode.SDL_BAD_VALUE, "profiles.placement.west.attributes.region"));
        assertThat(variant("region: us-west", "region: us-west\n        location-region: us-east"))
                .containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_FEATURE, "profiles.placement.west.attributes"));
        assertThat(variant("region: us-west", "region: US West"))
                .containsExactly(tuple(SdlCode.SDL_BAD_VALUE, "profiles.placement.west.attributes.region"));
        assertThat(variant("denom: uusdc", "denom: uatom"))
                .containsExactly(tuple(SdlCode.SDL_UNSUPPORTED_DENOM, "profiles.placement.west.pricing.llm-gpu.denom"));
        assertThat(variant("amount: 1700", "amount: 0.001"))
                .containsExactly(tuple(SdlCode.SDL_PRICE_OUT_OF_RANGE, "profiles.placement.west.pricing.llm-gpu.amount"));
        assertThat(variant("units: 1\n", "units: 65\n"))
                .containsExactly(tuple(SdlCode.SDL_BAD_QUANTITY, "profiles.compute.llm-gpu.resources.gpu.units"));
        assertThat(variant("    image: ghcr.io/example/llm-server:1.4.2\n", ""))
                .containsExactly(tuple(SdlCode.SDL_MISSING_FIELD, "services.llm.image"));
        assertThat(variant("      - MAX_BATCH=16", "      - MAX BATCH"))
                .containsExactly(tuple(SdlCode.SDL_BAD_VALUE, "services.llm.env[1]"));
        assertThat(variant("          - global: true", "          - service: db"))
                .containsExactly(tuple(SdlCode.SDL_UNDEFINED_REFERENCE, "services.llm.expose[0].to"));
        assertThat(variant("        as: 80", "        as: 70000"))
                .containsExactly(tuple(SdlCode.SDL_BAD_VALUE, "services.llm.expose[0].as"));
        assertThat(variant("  llm:\n    west:", "  api:\n    west:"))
                .containsExactly(tuple(SdlCode.SDL_UNDEFINED_REFERENCE, "deployment.api"));
        assertThat(variant("memory:\n          size: 48Gi", "memory:\n          size: !!str 48Gi"))
                .containsExactly(tuple(SdlCode.SDL_YAML_TAG, "profiles.compute.llm-gpu.resources.memory.size"));
        assertThat(variant("version: \"2.0\"", "version: \"2.0\"\n---\nversion: \"2.0\""))
                .extracting(t -> t.toList().getFirst()).containsExactly(SdlCode.SDL_YAML_SYNTAX);
    }

    @Test
    void errorsAreAllCollectedBeforeGivingUp() {
        String text = resource("inference-single-gpu.yaml").replace("units: 8", "units: eight").replace("count: 1", "count: -1")
                .replace("    image:", "    imgae:");
        assertThat(codesAndPaths(rejected(SdlImporter.importSdl(text, USD_ONLY)).errors())).containsExactly(
                tuple(SdlCode.SDL_UNKNOWN_KEY, "services.llm.imgae"),
                tuple(SdlCode.SDL_MISSING_FIELD, "services.llm.image"),
                tuple(SdlCode.SDL_BAD_QUANTITY, "profiles.compute.llm-gpu.resources.cpu.units"),
                tuple(SdlCode.SDL_BAD_COUNT, "deployment.llm.west.count"));
    }

    @Test
    void quantities() {
        assertThat(Quantities.cpuMillis("0.5")).contains(500L);
        assertThat(Quantities.cpuMillis("500m")).contains(500L);
        assertThat(Quantities.cpuMillis("2")).contains(2000L);
        assertThat(Quantities.cpuMillis("0.0005")).isEmpty();
        assertThat(Quantities.cpuMillis("2 cores")).isEmpty();
        assertThat(Quantities.bytes("512Mi")).contains(512L << 20);
        assertThat(Quantities.bytes("1Gi")).contains(1L << 30);
        assertThat(Quantities.bytes("8GB")).contains(8_000_000_000L);
        assertThat(Quantities.bytes("1.5Gi")).contains(3L << 29);
        assertThat(Quantities.bytes("100")).contains(100L);
        assertThat(Quantities.bytes("8 gigs")).isEmpty();
        assertThat(Quantities.bytes("9999999999Pi")).isEmpty();
        assertThat(Quantities.gibCeil((1L << 30) + 1)).isEqualTo(2);
    }

    // ---- helpers ----

    private static Tuple warning(String path) {
        return tuple(SdlCode.SDL_UNSUPPORTED_FIELD, path);
    }

    private static List<Tuple> variant(String from, String to) {
        String original = resource("inference-single-gpu.yaml");
        assertThat(original).contains(from);
        return codesAndPaths(rejected(SdlImporter.importSdl(original.replace(from, to), USD_ONLY)).errors());
    }

    private static List<Tuple> errors(String file) {
        return codesAndPaths(rejected(importFile(file, USD_ONLY)).errors());
    }

    static List<Tuple> codesAndPaths(List<SdlIssue> issues) {
        return issues.stream().map(i -> tuple(i.code(), i.path())).toList();
    }

    static SdlImport importFile(String name, ImportOptions options) {
        return SdlImporter.importSdl(resource(name), options);
    }

    static Imported imported(SdlImport result) {
        assertThat(result).as("%s", result instanceof Rejected r ? r.errors() : "").isInstanceOf(Imported.class);
        return (Imported) result;
    }

    static Rejected rejected(SdlImport result) {
        assertThat(result).isInstanceOf(Rejected.class);
        return (Rejected) result;
    }

    static String resource(String name) {
        try (InputStream in = SdlImporterTest.class.getResourceAsStream("/sdl/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[Address.LENGTH];
        Arrays.fill(bytes, value);
        return bytes;
    }

}
