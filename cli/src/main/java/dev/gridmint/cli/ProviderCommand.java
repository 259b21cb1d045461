package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.agent.HardwareProbe;
import dev.gridmint.node.agent.ProviderAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "provider", mixinStandardHelpOptions = true,
        subcommands = {ProviderInitCommand.class, ProviderStatusCommand.class},
        description = {"Runs a provider agent: registers this machine's GPUs (or CPU), stays connected, and runs leased jobs.",
                "Start with 'gridmint provider init', then run 'gridmint provider --config DIR/provider.json'.",
                "Flags given here override the settings file."})
final class ProviderCommand implements Callable<Integer> {

    @Mixin
    ProviderSettingsOptions settings;

    @Option(names = "--data-dir", description = "Holds job outputs and model artifacts; required without --config.")
    Path dataDir;

    @Option(names = "--price", paramLabel = "CC",
            description = "Asking price per device-hour, in compute credits (1 CC = 1 USD) (default: the settings file's, else 1.0).")
    String price;

    @Option(names = "--region", description = "Region label shown to tenants (default: the settings file's, else local).")
    String region;

    @Option(names = "--usage-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "How often a running job's usage receipt is signed into the ledger, which bills the lease on each (default: 60).")
    long usageIntervalSeconds;

    @Option(names = "--measure-interval", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How often the agent measures its bandwidth to the coordinator and its data directory's disk again"
                    + " and reports them (default: 3600, at least 60).")
    long measureIntervalSeconds;

    /** TEST ONLY, hidden: makes this agent lie (spoof, wrong-product, wrong-result, alter-output) so the devnet and tests can show checkers catching it. */
    @Option(names = "--cheat", hidden = true, defaultValue = "none", converter = CheatConverter.class)
    Cheat cheat;

    /** Accepts the documented spellings: none, spoof, wrong-product, wrong-result, alter-output. */
    static final class CheatConverter implements ITypeConverter<Cheat> {
        @Override
        public Cheat convert(String value) {
            return Cheat.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig agentConfig = agentConfig();
        ProviderAgent agent;
        try {
            agent = ProviderAgent.start(agentConfig);
        } catch (HardwareProbe.BrokenDriverException e) {
            throw new UserError("the GPU driver is installed but does not work (" + e.getMessage() + "); fix it before offering this machine");
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        System.out.println("Provider " + agent.address() + " connected to " + agentConfig.coordinatorUrl());
        stopped.await();
        return 0;
    }

    /** The settings file's values, each overridden by its flag where one is given. */
    private AgentConfig agentConfig() {
        ProviderConfigFile file = settings.file().orElse(null);
        Path data = Optional.ofNullable(dataDir).or(settings::dataPath)
                .orElseThrow(() -> new UserError("say where job data lives: --config FILE (from 'gridmint provider init') or --data-dir"));
        Path key = settings.keyPath();
        String url = settings.coordinatorUrl();
        try {
            long defaultPrice = price != null ? Amounts.parseCredits(price) : file != null ? file.price() : Amounts.parseCredits("1.0");
            Map<String, Long> modelPrices = price != null || file == null ? Map.of() : file.modelPrices();
            return new AgentConfig(url, KeyOptions.loadKey(key), data, defaultPrice,
                    region != null ? region : file != null ? file.region() : "local", cheat, modelPrices, file == null ? 0 : file.stake())
                    .withUsageInterval(Duration.ofSeconds(usageIntervalSeconds))
                    .withMeasureInterval(Duration.ofSeconds(measureIntervalSeconds));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
