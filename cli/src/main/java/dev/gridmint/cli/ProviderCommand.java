package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.agent.ProviderAgent;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "provider", mixinStandardHelpOptions = true,
        description = "Runs a provider agent: registers this machine's GPUs (or CPU), stays connected, and runs leased jobs.")
final class ProviderCommand implements Callable<Integer> {

    @Mixin
    KeyOptions key;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = "--data-dir", required = true, description = "Holds job outputs and model artifacts.")
    Path dataDir;

    @Option(names = "--price", defaultValue = "1.0", paramLabel = "CC",
            description = "Asking price per device-hour, in compute credits (1 CC = 1 USD) (default ${DEFAULT-VALUE}).")
    String price;

    @Option(names = "--region", defaultValue = "local", description = "Region label shown to tenants (default ${DEFAULT-VALUE}).")
    String region;

    /** TEST ONLY, hidden: makes this agent lie (spoof, wrong-product, wrong-result) so the devnet and tests can show checkers catching it. */
    @Option(names = "--cheat", hidden = true, defaultValue = "none", converter = CheatConverter.class)
    Cheat cheat;

    /** Accepts the documented spellings: none, spoof, wrong-product, wrong-result. */
    static final class CheatConverter implements ITypeConverter<Cheat> {
        @Override
        public Cheat convert(String value) {
            return Cheat.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        long pricePerDeviceHour;
        try {
            pricePerDeviceHour = Amounts.parseCredits(price);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        var agent = ProviderAgent.start(new AgentConfig(coordinator.url, key.load(), dataDir, pricePerDeviceHour, region, cheat));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        System.out.println("Provider " + agent.address() + " connected to " + coordinator.url);
        stopped.await();
        return 0;
    }
}
