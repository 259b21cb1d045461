package dev.gridmint.cli.bench;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures and ratios.",
        subcommands = {GatewayBench.class, LedgerBench.class, LoadBench.class, MarketBench.class, OrdersBench.class, SimBench.class, TrainBench.class,
            VerifyBench.class})
public final class BenchCommand extends dev.gridmint.cli.CommandGroup {
}
