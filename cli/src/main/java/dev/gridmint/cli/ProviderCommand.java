package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.ProviderAgent;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() throws InterruptedException {
        long pricePerDeviceHour;
        try {
            pricePerDeviceHour = Amounts.parseCredits(price);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        var agent = ProviderAgent.start(new AgentConfig(coordinator.url, key.load(), dataDir, pricePerDeviceHour, region));
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
