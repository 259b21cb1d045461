package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The token-economics commands at the picocli level: the tree, every command's help and JSON switch, and the
 * mistakes caught before any coordinator is contacted (exit code 2, a clear message).
 */
class EconomicsCommandsTest {

    private static final List<String> COMMANDS = List.of(
            "credits buy", "credits refund", "credits show",
            "stake bond", "stake register-checker", "stake delegate", "stake unbond", "stake withdraw", "stake claim",
            "stake vest",
            "ledger supply", "ledger epochs", "ledger account", "ledger tx", "ledger params",
            "oracle report",
            "params show", "params propose", "params approve");

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static CommandLine find(String path) {
        CommandLine command = new CommandLine(new GridmintCommand());
        for (String name : path.split(" ")) {
            Map<String, CommandLine> subcommands = command.getSubcommands();
            assertThat(subcommands).as(path).containsKey(name);
            command = subcommands.get(name);
        }
        return command;
    }

    @Test
    void everyCommandIsRegisteredWithHelpAndJson() {
        for (String path : COMMANDS) {
            var spec = find(path).getCommandSpec();
            assertThat(spec.mixinStandardHelpOptions()).as(path + " has --help").isTrue();
            assertThat(spec.findOption("--json")).as(path + " has --json").isNotNull();
            assertThat(String.join(" ", spec.usageMessage().description())).as(path + " has an example")
                    .contains("Example: gridmint");
        }
    }

    @Test
    void signingCommandsTakeAKeyAndACoordinator() {
        for (String path : List.of("credits buy", "credits refund", "stake bond", "stake register-checker", "stake delegate",
                "stake unbond", "stake withdraw", "stake claim", "stake vest", "oracle report", "params propose",
                "params approve")) {
            var spec = find(path).getCommandSpec();
            assertThat(spec.findOption("--key")).as(path + " has --key").isNotNull();
            assertThat(spec.findOption("--key").required()).as(path + " requires --key").isTrue();
            assertThat(spec.findOption("--coordinator")).as(path + " has --coordinator").isNotNull();
        }
    }

    @Test
    void helpPrintsWithoutFormatWarnings() {
        for (String path : COMMANDS) {
            var args = new java.util.ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            CliRun run = run(args.toArray(String[]::new));
            assertThat(run.exit()).as(path).isZero();
            assertThat(run.out()).as(path).contains("Usage: gridmint " + path);
            assertThat(run.err()).as(path + " help prints cleanly").doesNotContain("WARN");
        }
    }

    @Test
    void groupsShowTheirUsage() {
        for (String group : List.of("credits", "stake", "oracle", "params")) {
            CliRun run = run(group);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage: gridmint " + group);
        }
    }

    @Test
    void unknownParameterNamesAreRefusedBeforeAnythingIsSent() {
        CliRun run = run("params", "propose", "--key", "missing.json", "--set", "credits.sprad=30",
                "--coordinator", "http://127.0.0.1:1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown parameter 'credits.sprad'").contains("credits.spreadBps");
    }

    @Test
    void badAmountsAndIdsAreUserErrors() {
        assertThat(run("credits", "buy", "--key", "missing.json", "--amount", "1.2345678").err())
                .contains("--amount").contains("6 decimals");
        assertThat(run("credits", "buy", "--key", "missing.json", "--amount", "0").exit()).isEqualTo(2);
        assertThat(run("credits", "refund", "--key", "missing.json", "--amount", "ten").exit()).isEqualTo(2);
        assertThat(run("stake", "bond", "--key", "missing.json", "--amount", "-5").exit()).isEqualTo(2);
        assertThat(run("stake", "delegate", "--key", "missing.json", "--checker", "0OIl", "--amount", "5").err())
                .contains("--checker");
        assertThat(run("stake", "withdraw", "--key", "missing.json", "--id", "123").err()).contains("64 hex");
        assertThat(run("oracle", "report", "--key", "missing.json", "--price", "0").exit()).isEqualTo(2);
        assertThat(run("params", "approve", "--key", "missing.json", "--id", "xyz").exit()).isEqualTo(2);
        assertThat(run("ledger", "tx", "not-a-hash").err()).contains("64 hex");
        assertThat(run("ledger", "epochs", "--limit", "0").err()).contains("--limit");
    }

    @Test
    void aMissingKeyFileSaysHowToMakeOne() {
        CliRun run = run("stake", "vest", "--key", "definitely-missing-key.json", "--coordinator", "http://127.0.0.1:1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no keypair file").contains("gridmint keygen");
    }

    @Test
    void anUnreachableCoordinatorIsReportedByItsCode() {
        CliRun run = run("ledger", "supply", "--coordinator", "http://127.0.0.1:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("UNREACHABLE");
    }
}
