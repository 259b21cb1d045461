package dev.gridmint.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gridmint} command: one entry point for every role and tool. */
@Command(
        name = "gridmint",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Gridmint: a decentralized GPU compute network for AI.",
        subcommands = {
            KeygenCommand.class,
            GenesisCommand.class,
            CoordinatorCommand.class,
            ProviderCommand.class,
            CheckerCommand.class,
            JobCommand.class,
            InferCommand.class,
            MarketCommand.class,
            AccountCommand.class,
            LedgerCommand.class,
            CreditsCommand.class,
            StakeCommand.class,
            PartnerCommand.class,
            OracleCommand.class,
            ParamsCommand.class,
            dev.gridmint.cli.devnet.DevnetCommand.class,
            dev.gridmint.cli.bench.BenchCommand.class,
            dev.gridmint.cli.sim.SimCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Start:  ./gridmint devnet   a local network runs a real training job",
            "Tests:  ./gridmint test     every test suite (run by the launcher)",
            "Each command has --help."
        })
public final class GridmintCommand extends CommandGroup {
}
