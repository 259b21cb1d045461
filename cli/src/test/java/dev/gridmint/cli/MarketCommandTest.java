package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.api.MarketViews;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The market commands at the picocli level: registered with help and JSON, and bad pages refused before any request. */
class MarketCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everyMarketCommandHasHelpJsonAndAnExample() {
        for (String name : List.of("offers", "orders", "prices", "bids", "bid", "accept")) {
            var spec = new CommandLine(new GridmintCommand()).getSubcommands().get("market").getSubcommands().get(name).getCommandSpec();
            assertThat(spec.mixinStandardHelpOptions()).as(name).isTrue();
            assertThat(spec.findOption("--json")).as(name).isNotNull();
            assertThat(spec.findOption("--coordinator")).as(name).isNotNull();
            CliRun help = run("market", name, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage: gridmint market " + name).contains("Example: gridmint market");
        }
    }

    @Test
    void badPagesAreUserErrorsBeforeAnythingIsSent() {
        assertThat(run("market", "offers", "--limit", "0", "--coordinator", "http://127.0.0.1:1").exit()).isEqualTo(2);
        assertThat(run("market", "orders", "--offset", "-1", "--coordinator", "http://127.0.0.1:1").err()).contains("--offset");
        assertThat(run("market", "prices", "--history", "5000", "--coordinator", "http://127.0.0.1:1").err()).contains("--history");
        assertThat(run("market", "bids", "not-a-job", "--coordinator", "http://127.0.0.1:1").err()).contains("64 hex");
        assertThat(run("market", "accept", "a".repeat(64), "0OIl", "--key", "missing.json", "--coordinator", "http://127.0.0.1:1")
                .exit()).isEqualTo(2);
        assertThat(run("market", "bid", "a".repeat(64), "--price", "0", "--key", "missing.json", "--coordinator", "http://127.0.0.1:1")
                .err()).contains("--price");
        assertThat(run("market", "bid", "a".repeat(64), "--price", "1.2345678", "--key", "missing.json",
                "--coordinator", "http://127.0.0.1:1").exit()).isEqualTo(2);
        assertThat(run("market", "bid", "a".repeat(64), "--key", "missing.json", "--coordinator", "http://127.0.0.1:1").exit())
                .as("--price is required").isEqualTo(2);
    }

    @Test
    void jobRequirementsThatContradictEachOtherAreRefusedBeforeAnythingIsSent() {
        CliRun both = run("job", "submit", "--key", "missing.json", "--coordinator", "http://127.0.0.1:1",
                "--gpu-model", "H100-80GB", "--min-vram", "40", "train-names");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        CliRun region = run("job", "submit", "--key", "missing.json", "--coordinator", "http://127.0.0.1:1",
                "--region", "eu-west,us-east", "--deny-region", "eu-west", "train-names");
        assertThat(region.err()).contains("both allowed and denied");
        CliRun help = run("job", "submit", "--help");
        assertThat(help.out()).contains("--gpu-model").contains("--min-vram").contains("--region").contains("--deny-region")
                .contains("--spot");
    }

    @Test
    void tflopsAndReputationMinimumsAreCheckedBeforeAnythingIsSent() {
        CliRun tflops = submit("--min-tflops", "-5");
        assertThat(tflops.exit()).isEqualTo(2);
        assertThat(tflops.err()).contains("minimum TFLOPS must be 0..100000");
        CliRun reputation = submit("--min-reputation", "1001");
        assertThat(reputation.exit()).isEqualTo(2);
        assertThat(reputation.err()).contains("minimum reputation must be 0..1000");
        assertThat(submit("--gpu-model", "H100-80GB", "--min-tflops", "300").err()).contains("not both");
        assertThat(run("job", "submit", "--help").out()).contains("--min-tflops").contains("--min-reputation");
    }

    @Test
    void tflopsAndReputationMinimumsBecomeTheJobsRequirements() {
        var options = new RequirementOptions();
        new CommandLine(options).parseArgs("--min-tflops", "300", "--min-reputation", "650", "--region", "eu-west");
        var wants = options.toRequirements();
        assertThat(wants.minTflops()).isEqualTo(300);
        assertThat(wants.minReputation()).isEqualTo(650);
        assertThat(wants.regions()).containsExactly("eu-west");
        // a reputation minimum asks nothing of the hardware, so it goes with named models
        new CommandLine(options = new RequirementOptions()).parseArgs("--gpu-model", "H100-80GB", "--min-reputation", "700");
        assertThat(options.toRequirements().minReputation()).isEqualTo(700);
    }

    @Test
    void aGangIsAskedWithNodesAndItsOrdersShowThem() {
        CliRun tooMany = submit("--nodes", "65");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("nodes must be 1..64");
        assertThat(submit("--nodes", "2", "--auction", "60").err()).contains("matched instantly, not put to auction");
        assertThat(run("job", "submit", "--help").out()).contains("--nodes").contains("GRIDMINT_GANG_INDEX");

        var open = new MarketViews.OrderView(9, "ab".repeat(32), "tenant", "OPEN", 2, 2_000_000, 3_600, "reserved", "any",
                List.of(), List.of(), 0, null, null, null, null, 3, null);
        var seat = new MarketViews.OrderView(1L << 62, "ab".repeat(32), "tenant", "MATCHED", 2, 2_000_000, 3_600, "reserved", "any",
                List.of(), List.of(), 0, "provider", 1_000_000L, 10L, 3_610L, 3, 1);
        var out = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            new MarketCommand.Orders().printTable(List.of(open, seat));
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains("NODES");
        assertThat(lines.get(1)).contains(" 3 ");
        assertThat(lines.get(2)).contains(" 1/3 ");
    }

    @Test
    void aDilocoJobAsksOneNodePerWorker() {
        assertThat(JobCommand.nodesFor("diloco", List.of("--diloco", "4", "--inner-steps", "50"), null)).isEqualTo(4);
        assertThat(JobCommand.nodesFor("diloco", List.of("--inner-steps", "50"), null)).isEqualTo(1);
        assertThat(JobCommand.nodesFor("diloco", List.of("--diloco", "4"), 2)).isEqualTo(2);
        assertThat(JobCommand.nodesFor("diloco", List.of("--diloco"), null)).isEqualTo(1);
        assertThat(JobCommand.nodesFor("train-names", List.of("--diloco", "4"), null)).isEqualTo(1);
    }

    private static CliRun submit(String... requirements) {
        List<String> args = new java.util.ArrayList<>(List.of("job", "submit", "--key", "missing.json", "--coordinator",
                "http://127.0.0.1:1"));
        args.addAll(List.of(requirements));
        args.add("train-names");
        return run(args.toArray(String[]::new));
    }

    @Test
    void theOrdersTableShowsEachOrdersMinimumReputation() {
        var strict = new MarketViews.OrderView(7, "ab".repeat(32), "tenant", "OPEN", 1, 2_000_000, 3_600, "reserved", "H100-80GB",
                List.of(), List.of(), 800, null, null, null, null, 1, null);
        var lax = new MarketViews.OrderView(8, "cd".repeat(32), "tenant", "OPEN", 1, 2_000_000, 3_600, "reserved", "H100-80GB",
                List.of(), List.of(), 0, null, null, null, null, 1, null);
        var out = new java.io.ByteArrayOutputStream();
        var stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            new MarketCommand.Orders().printTable(List.of(strict, lax));
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains("MIN REP");
        assertThat(lines.get(1)).contains(" 800 ");
        assertThat(lines.get(2)).doesNotContain("800").contains(" - ");
    }
}
