package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.genesis.GenesisFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = "Creates a new network's genesis file, signed by the founder's key. Every economic parameter starts"
                + " at its default (docs/economics.md); the council changes them later.")
final class GenesisCommand implements Callable<Integer> {

    @Mixin
    KeyOptions founder;

    @Option(names = "--network", required = true, description = "Network id, such as gridmint-testnet-1.")
    String networkId;

    @Option(names = "--treasury", required = true, paramLabel = "ADDRESS", description = "Receives protocol fees.")
    String treasury;

    @Option(names = "--coordinator-address", required = true, paramLabel = "ADDRESS", description = "The key that signs leases and settlements.")
    String coordinator;

    @Option(names = "--alloc", paramLabel = "ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS]",
            description = "An initial balance; with days it vests linearly after the cliff. Repeatable.")
    List<String> allocations = new ArrayList<>();

    @Option(names = "--council", paramLabel = "ADDRESS", required = true,
            description = "A council member, who may propose and approve parameter changes; repeatable.")
    List<String> council = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "M",
            description = "Approvals a parameter change needs (default: 2 of 3, or all of a smaller council).")
    Integer threshold;

    @Option(names = "--oracle", paramLabel = "ADDRESS", description = "A key whose price reports count; repeatable.")
    List<String> oracles = new ArrayList<>();

    @Option(names = "--genesis-time", paramLabel = "UNIX_SECONDS",
            description = "When epoch 0 and every vesting grant start (default: now).")
    Long genesisTime;

    @Option(names = "--epoch-seconds", defaultValue = "86400",
            description = "Epoch length; rewards are minted at each close (default ${DEFAULT-VALUE}).")
    long epochSeconds;

    @Option(names = "--fee-bps", defaultValue = "500", description = "Protocol fee in basis points (default ${DEFAULT-VALUE}).")
    int feeBps;

    @Option(names = "--max-attempts", defaultValue = "3", description = "Leases a job may lose before it is refunded (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the genesis file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out)) {
            throw new UserError(out + " already exists");
        }
        try {
            var genesis = new Genesis(Address.parse(treasury), Address.parse(coordinator), params(),
                    genesisTime == null ? Instant.now().getEpochSecond() : genesisTime,
                    allocations.stream().map(GenesisCommand::allocation).toList());
            GenesisFile.of(founder.load(), networkId, genesis).write(out);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        System.out.println("Wrote genesis of " + networkId + " to " + out);
        return 0;
    }

    private NetworkParams params() {
        List<Address> members = council.stream().map(Address::parse).toList();
        var defaults = NetworkParams.defaults(members, oracles.stream().map(Address::parse).toList());
        var governance = threshold == null ? defaults.governance()
                : new GovernanceParams(members, threshold, defaults.governance().proposalTtlSeconds());
        var credits = defaults.credits();
        return defaults.withMaxJobAttempts(maxAttempts)
                .withGovernance(governance)
                .withCredits(new CreditParams(credits.spreadBps(), feeBps, credits.warnRatioBps(), credits.haltRatioBps(),
                        credits.minRunwaySeconds()))
                .withEmission(defaults.emission().withEpochSeconds(epochSeconds));
    }

    /** {@code ADDRESS=GRID} or {@code ADDRESS=GRID:CLIFF_DAYS:VESTING_DAYS}. */
    static Allocation allocation(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--alloc takes ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS], got " + text);
        }
        Address account = Address.parse(text.substring(0, eq));
        String[] parts = text.substring(eq + 1).split(":", -1);
        if (parts.length == 1) {
            return Allocation.liquid(account, Amounts.parseGrid(parts[0]));
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("--alloc takes ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS], got " + text);
        }
        long day = 24 * 3600;
        return new Allocation(account, Amounts.parseGrid(parts[0]), Math.multiplyExact(Long.parseLong(parts[1]), day),
                Math.multiplyExact(Long.parseLong(parts[2]), day));
    }
}
