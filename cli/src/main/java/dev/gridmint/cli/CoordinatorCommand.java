package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.artifact.ArtifactSettings;
import dev.gridmint.node.artifact.RetentionPolicy;
import dev.gridmint.node.coordinator.Coordinator;
import dev.gridmint.node.coordinator.CoordinatorConfig;
import dev.gridmint.node.coordinator.PriceFeed;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.inference.gateway.GatewaySettings;
import dev.gridmint.node.inference.gateway.Hedging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Runs a coordinator: the ledger's sequencer, the scheduler, the REST API and the agent endpoint.")
final class CoordinatorCommand implements Callable<Integer> {

    @Mixin
    KeyOptions key;

    @Option(names = {"--store", "--data-dir"}, required = true, paramLabel = "DIR|URL",
            description = "Where the ledger lives: a directory (embedded SQLite) or postgres://user@host:5432/db?schema=name.")
    String store;

    @Option(names = "--genesis", required = true, paramLabel = "FILE", description = "The network's genesis file.")
    Path genesisFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7070", description = "HTTP port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound port here once listening.")
    Path portFile;

    @Option(names = "--provider-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "A provider silent this long is lost and its jobs move on (default ${DEFAULT-VALUE}).")
    double providerTimeoutSeconds;

    @Option(names = "--oracle-price", paramLabel = "USD",
            description = "Report this GRID price (USD per GRID) as an oracle, when genesis names this coordinator's key as a"
                    + " reporter; for devnets and private networks (real networks run `gridmint oracle report`).")
    String oraclePrice;

    @Option(names = "--artifacts-dir", paramLabel = "DIR",
            description = "Where artifacts are stored (default: 'artifacts' in the data directory, or ./artifacts with PostgreSQL).")
    Path artifactsDir;

    @Option(names = "--artifact-max-mib", defaultValue = "512", paramLabel = "MIB",
            description = "Largest artifact accepted (default ${DEFAULT-VALUE}).")
    long artifactMaxMib;

    @Option(names = "--artifact-keep-days", defaultValue = "7", paramLabel = "DAYS",
            description = "How long a job's artifacts are kept after the job ends (default ${DEFAULT-VALUE}).")
    long artifactKeepDays;

    @Option(names = "--upload-keep-hours", defaultValue = "24", paramLabel = "HOURS",
            description = "How long an upload that names no job is kept (default ${DEFAULT-VALUE}).")
    long uploadKeepHours;

    @Option(names = "--artifact-quota-mib", defaultValue = "10240", paramLabel = "MIB",
            description = "Most artifact bytes one uploader may hold (default ${DEFAULT-VALUE}).")
    long artifactQuotaMib;

    @Option(names = "--spot-check-fraction", paramLabel = "F",
            description = "Share of seeded inference answers the gateway re-runs on another provider, 0 to 1 "
                    + "(default: $GRIDMINT_SPOT_CHECK_FRACTION, else 0.05; 0 turns the checks off).")
    Double spotCheckFraction;

    @Option(names = "--hedge", defaultValue = "auto", paramLabel = "auto|off|MS",
            description = "When a plain inference request gets a second provider: auto (after the route's p95 answer time), "
                    + "off, or after a fixed delay in ms; clients override it per request (default ${DEFAULT-VALUE}).")
    String hedge;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (providerTimeoutSeconds <= 0) {
            throw new UserError("--provider-timeout must be positive");
        }
        GatewaySettings gateway = gatewaySettings();
        GenesisFile genesis;
        try {
            genesis = GenesisFile.read(genesisFile);
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the genesis file " + genesisFile + ": " + e.getMessage());
        }
        var config = CoordinatorConfig.defaults(store, port, key.load(), genesis.transaction())
                .withHost(host)
                .withProviderTimeout(Duration.ofMillis((long) (providerTimeoutSeconds * 1000)))
                .withPriceFeed(priceFeed())
                .withGateway(gateway);
        var coordinator = Coordinator.start(config, artifactSettings());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            stopped.countDown();
        }));
        if (portFile != null) {
            Files.writeString(portFile, Integer.toString(coordinator.port()));
        }
        System.out.println("Coordinator listening at " + coordinator.url());
        stopped.await();
        return 0;
    }

    private ArtifactSettings artifactSettings() {
        if (artifactMaxMib <= 0 || artifactKeepDays < 0 || uploadKeepHours < 0 || artifactQuotaMib <= 0) {
            throw new UserError("artifact limits must be positive and retention periods not negative");
        }
        Path dir = artifactsDir != null ? artifactsDir : Coordinator.defaultArtifactDir(store);
        return ArtifactSettings.defaults(dir)
                .withMaxBytes(artifactMaxMib << 20)
                .withRetention(new RetentionPolicy(Duration.ofDays(artifactKeepDays), Duration.ofHours(uploadKeepHours),
                        artifactQuotaMib << 20));
    }

    private GatewaySettings gatewaySettings() {
        Hedging hedging = Hedging.fromSetting(hedge)
                .orElseThrow(() -> new UserError("--hedge is auto, off or a delay in milliseconds (0 to 60000), not '" + hedge + "'"));
        GatewaySettings settings = GatewaySettings.defaults().withHedging(hedging);
        if (spotCheckFraction == null) {
            return settings;
        }
        if (!(spotCheckFraction >= 0 && spotCheckFraction <= 1)) {
            throw new UserError("--spot-check-fraction is a number from 0 to 1, not " + spotCheckFraction);
        }
        return settings.withSpotCheckFraction(spotCheckFraction);
    }

    private PriceFeed priceFeed() {
        if (oraclePrice == null) {
            return PriceFeed.none();
        }
        try {
            return PriceFeed.fixed(Amounts.parseCredits(oraclePrice));
        } catch (IllegalArgumentException e) {
            throw new UserError("--oracle-price: " + e.getMessage());
        }
    }
}
