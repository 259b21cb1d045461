package dev.gridmint.cli.sim;

import dev.gridmint.cli.CommandGroup;
import picocli.CommandLine.Command;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "The tokenomics simulator: agent-based Monte Carlo runs of the ledger's own economic rules.",
        subcommands = {SimRunCommand.class, SimTuneCommand.class})
public final class SimCommand extends CommandGroup {
}
